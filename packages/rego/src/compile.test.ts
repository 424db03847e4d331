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
  input: unknown,
  data: object = {},
): Promise<unknown> {
  const { wasm } = compile({ 'p.rego': src }, { entrypoints: [entrypoint] });
  const policy = await loadPolicy(wasm);
  policy.setData(data as object);

  return policy.evaluate(input, entrypoint);
}

describe('compile end to end through @open-policy-agent/opa-wasm', () => {
  const authz = `package x

default allow := false

allow if input.a == 1

roles contains r if { some r in input.roles }

names := [n | some n in input.roles; n != "b"]
`;

  it('evaluates a complete rule with a default', async () => {
    expect(await evaluate(authz, 'x/allow', { a: 1 })).toEqual([
      { result: true },
    ]);
    expect(await evaluate(authz, 'x/allow', { a: 2 })).toEqual([
      { result: false },
    ]);
    expect(await evaluate(authz, 'x/allow', undefined)).toEqual([
      { result: false },
    ]);
  });

  it('evaluates partial sets, comprehensions and a package', async () => {
    const input = { a: 1, roles: ['a', 'b', 'a'] };
    expect(await evaluate(authz, 'x/roles', input)).toEqual([
      { result: ['a', 'b'] },
    ]);
    expect(await evaluate(authz, 'x', input)).toEqual([
      { result: { allow: true, names: ['a', 'a'], roles: ['a', 'b'] } },
    ]);
  });

  it('reads base documents from data', async () => {
    const src = 'package x\nallow if data.roles[input.user] == "admin"';
    const data = { roles: { alice: 'admin' } };
    expect(await evaluate(src, 'x/allow', { user: 'alice' }, data)).toEqual([
      { result: true },
    ]);
    expect(await evaluate(src, 'x/allow', { user: 'bob' }, data)).toEqual([]);
  });

  it('reports a conflict as an evaluation error', async () => {
    const src = 'package x\np := 1 if input.a\np := 2 if input.a';
    await expect(evaluate(src, 'x/p', { a: true })).rejects.toThrow(
      /eval_conflict_error/,
    );
  });

  it('rejects unsafe variables at compile time', () => {
    expect(() =>
      compile(
        { 'p.rego': 'package x\np if { x > 1 }' },
        { entrypoints: ['x/p'] },
      ),
    ).toThrow(RegoError);
  });
});
