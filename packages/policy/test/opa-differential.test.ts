import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareRuntime } from '@cellplane/rego/test-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicyEvaluator, buildBundle, readBundle } from '../src/index';

const OPA_BIN = process.env.OPA_BIN;
const FIXTURE = fileURLToPath(new URL('../fixtures/authz', import.meta.url));
const ENTRYPOINTS = ['cellplane/authz/allow', 'cellplane/authz/reasons'];

const INPUTS: unknown[] = [
  undefined,
  {},
  { method: 'GET', path: '/public/a' },
  { method: 'GET', path: '/private/a' },
  {
    method: 'POST',
    path: '/orders/1',
    tenant: 't',
    claims: { tenant: 't', roles: ['admin'] },
  },
  {
    method: 'POST',
    path: '/orders/1',
    tenant: 't',
    claims: { tenant: 'u', roles: ['admin'] },
  },
  {
    method: 'PUT',
    path: '/billing/x',
    tenant: 't',
    claims: { tenant: 't', roles: ['billing'] },
  },
  {
    method: 'DELETE',
    path: '/billing/x',
    tenant: 't',
    claims: { tenant: 't', roles: ['orders'] },
  },
];

/**
 * With OPA_BIN pointing at an `opa` binary, the fixture is also built by
 * `opa build -t wasm`; both modules must load through the same evaluator
 * and give the same answers. Without it the test is skipped (and says so).
 */
describe.skipIf(!OPA_BIN)(
  'same answers as opa build -t wasm (skipped: set OPA_BIN to an opa binary)',
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'cellplane-opa-'));

    beforeAll(async () => {
      await prepareRuntime();
    }, 120_000);

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('agrees on every input', async () => {
      const out = join(dir, 'opa.tar.gz');
      execFileSync(OPA_BIN as string, [
        'build',
        '-t',
        'wasm',
        ...ENTRYPOINTS.flatMap((e) => ['-e', e]),
        '-o',
        out,
        FIXTURE,
      ]);
      const theirs = await PolicyEvaluator.load(readBundle(readFileSync(out)));
      const ours = await PolicyEvaluator.load(
        buildBundle(FIXTURE, { entrypoints: ENTRYPOINTS }),
      );

      for (const input of INPUTS) {
        for (const ep of ENTRYPOINTS) {
          const a = ours.evaluate(input, ep);
          const b = theirs.evaluate(input, ep);
          expect({ input, ep, result: a.result, allow: a.allow }).toEqual({
            input,
            ep,
            result: b.result,
            allow: b.allow,
          });
        }
      }
    }, 120_000);
  },
);
