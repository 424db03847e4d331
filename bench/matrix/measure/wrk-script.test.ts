import { describe, expect, it } from 'vitest';

import { WRK_JSON_MARKER, wrkScript, wrkTokenScript } from './wrk-script';

describe('wrkScript', () => {
  it('rotates over every tenant and reports with the marker parseWrkOutput reads', () => {
    const script = wrkScript('/catalog', ['t-00001', 't-00042']);

    expect(script).toContain('local tenants = { "t-00001", "t-00042" }');
    expect(script).toContain('local path = "/catalog"');
    expect(script).toContain(`"${WRK_JSON_MARKER} {`);
    expect(script).toContain('latency:percentile(99)');
  });

  it('quotes ids so a quote or backslash cannot end the Lua string', () => {
    const script = wrkScript('/catalog', ['a"b\\c']);

    expect(script).toContain('{ "a\\"b\\\\c" }');
  });

  it('needs at least one tenant', () => {
    expect(() => wrkScript('/catalog', [])).toThrow(/tenant/);
  });
});

describe('wrkTokenScript', () => {
  const script = wrkTokenScript({
    path: '/catalog',
    poolFile: '/tmp/run/tokens-pool.txt',
    freshFile: '/tmp/run/tokens-fresh.txt',
    freshPerFive: 2,
  });

  it('reads both token files once per thread and starts where it is told', () => {
    expect(script).toContain('load("/tmp/run/tokens-pool.txt", pool)');
    expect(script).toContain('load("/tmp/run/tokens-fresh.txt", fresh)');
    expect(script).toMatch(
      /init = function\(args\)[\s\S]*tonumber\(args\[1\]\)/,
    );
  });

  it('takes a fresh token when index % 5 < freshPerFive, as takesFresh does', () => {
    expect(script).toContain('local fresh_per_five = 2');
    expect(script).toContain('if index % 5 < fresh_per_five then');
  });

  it('reports the fresh tokens the threads sent in the JSON line', () => {
    expect(script).toContain('thread:get("fresh_used")');
    expect(script).toContain('\\"fresh_tokens\\":%.0f');
  });
});
