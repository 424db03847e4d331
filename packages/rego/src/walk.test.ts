import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from './compile';
import { prepareRuntime } from './test-runtime';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

async function evaluate(src: string, input: unknown): Promise<unknown> {
  const { wasm } = compile({ 'p.rego': src }, { entrypoints: ['x/p'] });
  const policy = await loadPolicy(wasm);

  return policy.evaluate(input, 'x/p');
}

describe('walk(x, [path, value])', () => {
  it('yields every path and value, depth first in key order', async () => {
    const src = 'package x\np := [[k, v] | walk(input, [k, v])]';
    expect(await evaluate(src, { b: [true], a: 1 })).toEqual([
      {
        result: [
          [[], { a: 1, b: [true] }],
          [['a'], 1],
          [['b'], [true]],
          [['b', 0], true],
        ],
      },
    ]);
  });

  it('unifies the pattern with each pair', async () => {
    const src =
      'package x\np contains k if walk(input, [["users", k, "admin"], true])';
    const input = { users: { ann: { admin: true }, bo: { admin: false } } };
    expect(await evaluate(src, input)).toEqual([{ result: ['ann'] }]);
  });

  it('refuses walk used as a value by name', () => {
    const src = 'package x\np := x if x := walk(input)';
    expect(() => compile({ 'p.rego': src }, { entrypoints: ['x/p'] })).toThrow(
      /unsupported: walk outside the form walk\(x, \[path, value\]\)/,
    );
  });

  it('leaves a function of the package named walk alone', async () => {
    const src = 'package x\nwalk(a, b) := a + b\np := walk(1, 2)';
    expect(await evaluate(src, {})).toEqual([{ result: 3 }]);
  });
});
