import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from './compile';
import { prepareRuntime } from './test-runtime';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

async function evaluate(sources: Record<string, string>): Promise<unknown> {
  const { wasm } = compile(sources, { entrypoints: ['x/p'] });
  const policy = await loadPolicy(wasm);

  return policy.evaluate({}, 'x/p');
}

describe('with replaced by a rule', () => {
  it('replaces a built-in by a rule of the same package', async () => {
    const src = 'package x\nf := 7\np := y if y := count([1]) with count as f';
    expect(await evaluate({ 'p.rego': src })).toEqual([{ result: 7 }]);
  });

  it('keeps the rule meaning its own package in a rule of another one', async () => {
    const x = `package x
import data.y
f := "x.f"
p := v if v := y.q with time.now_ns as f`;
    const y = 'package y\nf := "y.f"\nq := time.now_ns()';
    expect(await evaluate({ 'x.rego': x, 'y.rego': y })).toEqual([
      { result: 'x.f' },
    ]);
  });

  it('still refuses a local variable as replacement by name', () => {
    const src =
      'package x\np if {\n  v := 1\n  count([]) == 1 with count as v\n}';
    expect(() => compile({ 'p.rego': src }, { entrypoints: ['x/p'] })).toThrow(
      /unsupported: with replacement that needs evaluation/,
    );
  });
});

describe('with on every and some ... in', () => {
  it('applies to the domain and the body of every', async () => {
    const src = `package x
p if {
  every v in input { v == 1 } with input as [1, 1]
  every v in [1, 2] { v in input } with input as [2, 1]
}`;
    expect(await evaluate({ 'p.rego': src })).toEqual([{ result: true }]);
  });

  it('applies to the collection of some ... in, not to what follows', async () => {
    const src = `package x
p := [v, input] if {
  some v in input with input as [7]
}`;
    expect(await evaluate({ 'p.rego': src })).toEqual([{ result: [7, {}] }]);
  });
});
