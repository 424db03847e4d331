import { describe, expect, it } from 'vitest';

import { WRK_JSON_MARKER, wrkScript } from './wrk-script';

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
