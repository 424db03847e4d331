import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { hostBuiltins } from '@cellplane/rego/host-builtins';
import { prepareRuntime } from '@cellplane/rego/test-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@cellplane/rego';
import {
  PolicyEvaluator,
  assembleBundle,
  buildBundle,
  readBundle,
  readTar,
  writeBundle,
  writeTar,
} from '../src/index';
import { MAX_UNPACKED_BUNDLE_BYTES } from '../src/read-bundle';

const FIXTURE = fileURLToPath(new URL('../fixtures/authz', import.meta.url));
const ENTRYPOINT = 'cellplane/authz/allow';

beforeAll(async () => {
  await prepareRuntime();
}, 120_000);

describe('bundles', () => {
  it('writes the OPA bundle layout and reads it back', () => {
    const bundle = buildBundle(FIXTURE, {
      entrypoints: [ENTRYPOINT],
      revision: 'r1',
    });
    const archive = writeBundle(bundle);
    const names = readTar(gunzipSync(archive)).map((e) => e.name);

    expect(names).toEqual([
      '/data.json',
      '/authz.rego',
      '/policy.wasm',
      '/.manifest',
    ]);
    const back = readBundle(archive);
    expect(back.manifest).toEqual({
      revision: 'r1',
      roots: [''],
      wasm: [{ entrypoint: ENTRYPOINT, module: '/policy.wasm' }],
      rego_version: 1,
    });
    expect(back.data).toEqual({
      path_roles: { '/billing/': ['billing'], '/orders/': ['orders'] },
    });
    expect(Buffer.from(back.wasm).equals(Buffer.from(bundle.wasm))).toBe(true);
  });

  it('rejects an archive that is not a bundle', () => {
    expect(() => readBundle(Buffer.from('not gzip'))).toThrow(/tar.gz/);
  });

  it('refuses a small archive that unpacks past the bound', () => {
    const padding = new Uint8Array(MAX_UNPACKED_BUNDLE_BYTES + 1);
    const archive = gzipSync(writeTar([{ name: '/pad.bin', data: padding }]), {
      level: 9,
    });

    expect(archive.length).toBeLessThan(MAX_UNPACKED_BUNDLE_BYTES / 500);
    expect(() => readBundle(archive)).toThrow(
      expect.objectContaining({ code: 'POLICY_BUNDLE_TOO_LARGE' }),
    );
  });
});

describe('PolicyEvaluator', () => {
  const load = async (): Promise<PolicyEvaluator> =>
    PolicyEvaluator.load(
      readBundle(
        writeBundle(
          buildBundle(FIXTURE, {
            entrypoints: [ENTRYPOINT, 'cellplane/authz/reasons'],
            revision: 'r2',
          }),
        ),
      ),
    );

  it('allows only on a boolean true (K20)', async () => {
    const evaluator = await load();
    const allowed = evaluator.evaluate(
      { method: 'GET', path: '/public/a' },
      ENTRYPOINT,
    );

    expect(allowed).toMatchObject({
      allow: true,
      result: true,
      revision: 'r2',
    });
    expect(allowed.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(allowed.durationNs).toBeGreaterThan(0);

    const denied = evaluator.evaluate(
      {
        method: 'POST',
        path: '/orders/1',
        tenant: 'a',
        claims: { tenant: 'b', roles: ['admin'] },
      },
      ENTRYPOINT,
    );
    expect(denied).toMatchObject({ allow: false, result: false });
  });

  it('denies a non-boolean result, an unknown entrypoint and no input', async () => {
    const evaluator = await load();
    const set = evaluator.evaluate(
      { tenant: 'a', claims: { tenant: 'b' } },
      'cellplane/authz/reasons',
    );
    expect(set).toMatchObject({ allow: false, result: ['tenant mismatch'] });

    expect(evaluator.evaluate({}, 'nope/allow')).toMatchObject({
      allow: false,
      error: 'unknown entrypoint nope/allow',
    });
    expect(evaluator.evaluate(undefined, ENTRYPOINT)).toMatchObject({
      allow: false,
      result: false,
    });
  });

  it('lets path roles from data.json allow a write', async () => {
    const evaluator = await load();
    const input = {
      method: 'PUT',
      path: '/billing/x',
      tenant: 't',
      claims: { tenant: 't', roles: ['billing'] },
    };
    expect(evaluator.evaluate(input, ENTRYPOINT).allow).toBe(true);
    expect(
      evaluator.evaluate({ ...input, path: '/orders/x' }, ENTRYPOINT).allow,
    ).toBe(false);
  });

  it('answers from JSON text as the SDK answers from the object', async () => {
    const bundle = readBundle(
      writeBundle(
        buildBundle(FIXTURE, {
          entrypoints: [ENTRYPOINT, 'cellplane/authz/reasons'],
          revision: 'r3',
        }),
      ),
    );
    const evaluator = await PolicyEvaluator.load(bundle);
    const sdk = await loadPolicy(bundle.wasm, undefined, hostBuiltins());
    sdk.setData(bundle.data);

    // Allow, deny, a set, non-ASCII text, and an input larger than the
    // module's memory (it must grow before the input is written).
    const inputs: unknown[] = [
      { method: 'GET', path: '/public/a' },
      {
        method: 'PUT',
        path: '/billing/é—😀',
        tenant: 't',
        claims: { tenant: 't', roles: ['billing'] },
      },
      {
        method: 'POST',
        path: '/orders/1',
        tenant: 'a',
        claims: { tenant: 'b', roles: ['admin'] },
      },
      { method: 'GET', path: '/public/big', pad: 'x'.repeat(300_000) },
    ];
    for (const input of inputs) {
      for (const entrypoint of [ENTRYPOINT, 'cellplane/authz/reasons']) {
        const expected = sdk.evaluate(input, entrypoint) as [
          { result: unknown },
        ];
        const decision = evaluator.evaluateJson(
          JSON.stringify(input),
          entrypoint,
        );

        expect(decision.error).toBeUndefined();
        expect(decision.result).toEqual(expected[0].result);
        expect(evaluator.evaluate(input, entrypoint).result).toEqual(
          expected[0].result,
        );
      }
    }

    expect(evaluator.evaluateJson('', ENTRYPOINT)).toMatchObject({
      allow: false,
      error: 'empty input',
    });
  });

  it('is deterministic only when no built-in it calls reads the clock or draws randomness', async () => {
    const evaluatorOf = (rego: string) =>
      PolicyEvaluator.load(
        assembleBundle(
          compile({ 'p.rego': rego }, { entrypoints: ['x/allow'] }).wasm,
          {
            entrypoints: ['x/allow'],
            revision: 'r4',
            data: {},
            sources: {},
          },
        ),
      );

    const pure = await evaluatorOf(
      'package x\nallow if hex.encode(input.path) == "2f61"\n',
    );
    expect(pure.hostBuiltins).toEqual(['hex.encode']);
    expect(pure.deterministic).toBe(true);

    const clock = await evaluatorOf(
      'package x\nallow if input.exp > time.now_ns()\n',
    );
    expect(clock.hostBuiltins).toContain('time.now_ns');
    expect(clock.deterministic).toBe(false);

    const verifies = await evaluatorOf(
      'package x\nallow if {\n  [ok, _, _] := io.jwt.decode_verify(input.token, {"secret": "s"})\n  ok\n}\n',
    );
    expect(verifies.deterministic).toBe(false);

    // The fixture calls no host built-in at all.
    expect((await load()).deterministic).toBe(true);
  });
});
