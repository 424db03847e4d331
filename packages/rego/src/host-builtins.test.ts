import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from './compile';
import { hostBuiltins } from './host-builtins';
import { prepareRuntime } from './test-runtime';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

async function evaluate(rule: string): Promise<unknown> {
  const { wasm } = compile(
    { 'p.rego': `package x\n${rule}` },
    { entrypoints: ['x/p'] },
  );
  const policy = await loadPolicy(wasm, undefined, hostBuiltins());

  return policy.evaluate({}, 'x/p');
}

describe('host built-ins through a compiled module', () => {
  it('gives back sets where OPA returns sets', async () => {
    expect(
      await evaluate(
        'p := net.cidr_merge(["10.0.0.0/9", "10.128.0.0/9"]) == {"10.0.0.0/8"}',
      ),
    ).toEqual([{ result: true }]);
    expect(
      await evaluate('p := is_set(graph.reachable({"a": ["b"]}, ["a"]))'),
    ).toEqual([{ result: true }]);
  });

  it('tells the host which arguments were sets', async () => {
    expect(
      await evaluate(
        'p := net.cidr_contains_matches({"10.0.0.0/8"}, ["10.1.1.1"])',
      ),
    ).toEqual([{ result: [['10.0.0.0/8', 0]] }]);
  });

  it('is undefined on a built-in error, as non-strict OPA', async () => {
    expect(await evaluate('p := regex.replace("a", "[", "b")')).toEqual([]);
  });
});
