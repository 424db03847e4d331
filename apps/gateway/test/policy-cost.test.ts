import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { buildBundle, writeBundle } from '@cellplane/policy';
import { PolicyEvaluator, readBundle } from '@cellplane/policy/runtime';
import { createLogger } from '@cellplane/telemetry';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DecisionLog } from '../src/decisions/decision-log';
import { createPolicyGate } from '../src/http/policy-check';
import { createInputDocument } from '../src/policy/input-projection';
import type { LoadedPolicy } from '../src/policy/loaded-policy';
import type { PolicyInputSource } from '../src/policy/policy-input';
import { PolicyMetrics } from '../src/telemetry/policy-metrics';
import { ENTRYPOINT, preparePolicyCompiler } from './support/policy-bundles';

/**
 * What policy adds to a request: building the input, evaluating the
 * default policy (policies/default) through the SDK, counting it and
 * writing its decision's line to the decision log. 100,000 realistic
 * inputs after a warm-up; printed for the benchmark notes, asserted only
 * against generous ceilings, and every decision counted on disk.
 */
const POLICY_DIR = fileURLToPath(
  new URL('../../../policies/default', import.meta.url),
);

let dir: string;
let log: DecisionLog;
let policy: LoadedPolicy;

beforeAll(async () => {
  await preparePolicyCompiler();
  dir = await mkdtemp(join(tmpdir(), 'cellplane-policy-cost-'));
  const bytes = writeBundle(
    buildBundle(POLICY_DIR, { entrypoints: [ENTRYPOINT], revision: 'cost' }),
  );
  const evaluator = await PolicyEvaluator.load(readBundle(bytes));
  policy = {
    digest: 'sha256:cost',
    revision: 'cost',
    entrypoint: ENTRYPOINT,
    evaluator,
    // Every request evaluated: the cost without remembered decisions.
    decisions: null,
    decisionKey: null,
    inputDocument: createInputDocument(evaluator.inputPaths),
  };
}, 300_000);

afterAll(async () => {
  await log?.close();
  await rm(dir, { recursive: true, force: true });
});

function source(i: number): PolicyInputSource {
  const tenantId = `t-${String(i % 500).padStart(5, '0')}`;
  const write = i % 5 === 0;
  const path = ['/catalog/sku-1', '/public/home', '/cart/items', '/orders'][
    i % 4
  ]!;

  return {
    method: write ? 'POST' : 'GET',
    path,
    segments: path.split('/').slice(1),
    rawQuery: i % 3 === 0 ? 'page=2' : '',
    rawHeaders: [
      'Host',
      'gw.test',
      'User-Agent',
      'load/1.0',
      'Accept',
      'application/json',
      'Authorization',
      'Bearer x',
      'x-tenant-id',
      tenantId,
    ],
    peerTrusted: false,
    tenantId,
    user:
      i % 10 < 6
        ? {
            sub: `user-${i % 1000}`,
            issuer: 'demo-idp',
            roles: i % 7 === 0 ? ['admin'] : ['shopper'],
            claims: { sub: `user-${i % 1000}`, tenant: tenantId, iat: 1 },
          }
        : null,
    routeId: 'r-api',
    routeAuth: 'optional',
    cellId: 'cell-1',
    regionId: 'us-east',
    clientAddress: '203.0.113.9',
  };
}

async function linesIn(folder: string): Promise<number> {
  let lines = 0;
  for (const name of await readdir(folder)) {
    if (!name.endsWith('.ndjson')) continue;
    const bytes = await readFile(join(folder, name));
    for (
      let at = bytes.indexOf(10);
      at !== -1;
      at = bytes.indexOf(10, at + 1)
    ) {
      lines += 1;
    }
  }

  return lines;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

describe('policy cost per request', () => {
  it('evaluates the default policy and writes its decision in microseconds', async () => {
    const metrics = new PolicyMetrics(new Registry(), {
      revision: () => 'cost',
      backlogBytes: () => 0,
    });
    log = new DecisionLog({
      dir,
      prefix: 'w0',
      gatewayId: 'gateway-1',
      fileBytes: 64 * 1024 * 1024,
      maxBytes: 1024 ** 3,
      logger: createLogger({
        component: 'test',
        destination: new PassThrough(),
      }),
      metrics,
    });
    await log.start();
    const decide = createPolicyGate({ metrics, decisions: log, local: null });

    const sources = Array.from({ length: 1000 }, (_, i) => source(i));
    for (let i = 0; i < 20_000; i += 1) decide(policy, sources[i % 1000]!, 'r');

    const count = 100_000;
    const times = new Float64Array(count);
    let allowed = 0;
    for (let i = 0; i < count; i += 1) {
      const started = process.hrtime.bigint();
      const verdict = decide(policy, sources[i % 1000]!, 'r');
      times[i] = Number(process.hrtime.bigint() - started) / 1000;
      if (verdict?.allowed) allowed += 1;
    }
    times.sort();

    const p50 = percentile(times, 0.5);
    const p99 = percentile(times, 0.99);
    process.stdout.write(
      `policy cost: decide and log p50 ${p50.toFixed(1)} us, ` +
        `p99 ${p99.toFixed(1)} us; allowed ${allowed}/${count}\n`,
    );

    expect(allowed).toBeGreaterThan(0);
    expect(allowed).toBeLessThan(count);
    expect(p50).toBeLessThan(1000);
    // Every decision is on disk when `decide` returns.
    expect(await linesIn(dir)).toBe(20_000 + count);
  }, 300_000);
});
