import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from './compile';
import { RegoError } from './rego-error';
import { prepareRuntime } from './test-runtime';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

async function evaluate(
  src: string,
  entrypoint: string,
  input: unknown = {},
): Promise<unknown> {
  const { wasm } = compile({ 'p.rego': src }, { entrypoints: [entrypoint] });
  const policy = await loadPolicy(wasm);

  return policy.evaluate(input, entrypoint);
}

describe('rule heads with variables inside their reference', () => {
  it('builds nested objects for p[x].r', async () => {
    const src = 'package x\np[q].r := i if q := ["a", "b"][i]';
    expect(await evaluate(src, 'x/p')).toEqual([
      { result: { a: { r: 0 }, b: { r: 1 } } },
    ]);
  });

  it('takes keys from several variables and from input', async () => {
    const src = `package x
roles[u][r] if { some u, rs in input.users; some r in rs }
owner[input.team].name := input.name`;
    const input = { users: { ann: ['admin'] }, team: 't1', name: 'bo' };
    expect(await evaluate(src, 'x/roles', input)).toEqual([
      { result: { ann: { admin: true } } },
    ]);
    expect(await evaluate(src, 'x/owner', input)).toEqual([
      { result: { t1: { name: 'bo' } } },
    ]);
  });

  it('collects a set at the leaf for p[x] contains y', async () => {
    const src = `package x
by_team[t] contains u if some u, t in input`;
    expect(await evaluate(src, 'x/by_team', { a: 't', b: 't' })).toEqual([
      { result: { t: ['a', 'b'] } },
    ]);
  });

  it('reports two values for one leaf as a conflict', async () => {
    const src = 'package x\np[q].r := i if q := ["a", "a"][i]';
    await expect(evaluate(src, 'x/p')).rejects.toThrow(/eval_conflict_error/);
  });

  it('refuses rules of different depths under one path by name', () => {
    const src = 'package x\np[q].r := 1 if q := "a"\np[q] := 2 if q := "b"';
    let error: unknown;
    try {
      compile({ 'p.rego': src }, { entrypoints: ['x/p'] });
    } catch (e) {
      error = e;
    }

    expect(error).toBeInstanceOf(RegoError);
    expect((error as RegoError).code).toBe('REGO_UNSUPPORTED');
    expect((error as RegoError).message).toBe(
      'p.rego:2:1: unsupported: rules of different reference depths under one path',
    );
  });

  it('merges rules nested under the path into the object', async () => {
    const src = `package x
p[q].r := i if q := ["a", "b"][i]
p.a.r := 0
p.c.r.s := 3
p.d := 4`;
    expect(await evaluate(src, 'x/p')).toEqual([
      {
        result: { a: { r: 0 }, b: { r: 1 }, c: { r: { s: 3 } }, d: 4 },
      },
    ]);
  });

  it('joins set leaves and reports a nested rule meeting a leaf', async () => {
    const sets = 'package x\np[q] contains 1 if q := "a"\np.a contains 2';
    expect(await evaluate(sets, 'x/p')).toEqual([{ result: { a: [1, 2] } }]);

    const clash = 'package x\np[q].r := 1 if q := "a"\np.a.r.s := 2';
    await expect(evaluate(clash, 'x/p')).rejects.toThrow(/eval_conflict_error/);
  });

  it('refuses rules nested under a complete rule by name', () => {
    const src = 'package x\np := {"a": 1}\np.b := 2';
    expect(() => compile({ 'p.rego': src }, { entrypoints: ['x/p'] })).toThrow(
      /unsupported: rules nested under a complete rule's path \(x\.p\)/,
    );
  });
});
