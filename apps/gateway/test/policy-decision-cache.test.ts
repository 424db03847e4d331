import { fileURLToPath } from 'node:url';

import { buildBundle, writeBundle } from '@cellplane/policy';
import { PolicyEvaluator, readBundle } from '@cellplane/policy/runtime';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';

import type { DecisionEntry } from '../src/decisions/decision-entry';
import type { DecisionLog } from '../src/decisions/decision-log';
import { createPolicyGate } from '../src/http/policy-check';
import { DecisionCache } from '../src/policy/decision-cache';
import {
  createInputDocument,
  createInputProjection,
} from '../src/policy/input-projection';
import type { LoadedPolicy } from '../src/policy/loaded-policy';
import type { PolicyInputSource } from '../src/policy/policy-input';
import { PolicyMetrics } from '../src/telemetry/policy-metrics';
import { ENTRYPOINT, preparePolicyCompiler } from './support/policy-bundles';

/**
 * Remembered decisions of the default policy (policies/default, which
 * calls no clock): every request gets the answer an evaluation gives, the
 * decision log gets the same record but for its duration, and what the
 * cache holds never outlives the loaded policy.
 */
const POLICY_DIR = fileURLToPath(
  new URL('../../../policies/default', import.meta.url),
);

let evaluator: PolicyEvaluator;

beforeAll(async () => {
  await preparePolicyCompiler();
  const bytes = writeBundle(
    buildBundle(POLICY_DIR, { entrypoints: [ENTRYPOINT], revision: 'memo' }),
  );
  evaluator = await PolicyEvaluator.load(readBundle(bytes));
}, 300_000);

/** Reads, writes, other tenants' tokens, admins and anonymous callers. */
function source(i: number): PolicyInputSource {
  const tenantId = `t-${String(i % 7).padStart(5, '0')}`;
  const tokenTenant = i % 11 === 0 ? 't-99999' : tenantId;
  const path = ['/catalog/sku-1', '/public/home', '/cart/items', '/orders'][
    i % 4
  ]!;

  return {
    method: ['GET', 'POST', 'DELETE', 'HEAD'][i % 4]!,
    path,
    segments: path.split('/').slice(1),
    rawQuery: '',
    rawHeaders: ['Host', 'gw.test', 'Accept', 'application/json'],
    peerTrusted: false,
    tenantId,
    user:
      i % 3 === 0
        ? null
        : {
            sub: `user-${i % 13}`,
            issuer: 'demo-idp',
            roles: i % 5 === 0 ? ['admin'] : ['shopper'],
            claims: { sub: `user-${i % 13}`, tenant: tokenTenant },
          },
    routeId: 'r-api',
    routeAuth: 'optional',
    cellId: 'cell-1',
    regionId: 'us-east',
    clientAddress: '203.0.113.9',
  };
}

function gateWith(
  decisions: DecisionCache | null,
  projected = false,
  of: PolicyEvaluator = evaluator,
) {
  const entries: DecisionEntry[] = [];
  const log = {
    append: (entry: DecisionEntry) => entries.push(entry),
  } as unknown as DecisionLog;
  const metrics = new PolicyMetrics(new Registry(), {
    revision: () => 'memo',
    backlogBytes: () => 0,
  });
  const policy: LoadedPolicy = {
    digest: 'sha256:memo',
    revision: 'memo',
    entrypoint: ENTRYPOINT,
    evaluator: of,
    decisions,
    decisionKey: projected ? createInputProjection(of.inputPaths) : null,
    inputDocument: projected ? createInputDocument(of.inputPaths) : null,
  };
  const decide = createPolicyGate({ metrics, decisions: log, local: null });

  return {
    entries,
    metrics,
    decide: (s: PolicyInputSource) => decide(policy, s, 'request-1')!,
  };
}

describe('remembered decisions', () => {
  it('reads the paths the default policy reads from its module', () => {
    expect(evaluator.inputPaths).toEqual([
      ['method'],
      ['path'],
      ['tenant'],
      ['user', 'roles'],
      ['user', 'tenant'],
    ]);
  });

  it.each([
    ['the input text', false],
    ['the paths the policy reads', true],
  ])(
    'keyed by %s: answers every request as an evaluation does, and logs the same record',
    async (_keyedBy, projected) => {
      expect(evaluator.deterministic).toBe(true);
      const cache = new DecisionCache({
        maxChars: 1 << 20,
        maxInputChars: 8192,
      });
      const cached = gateWith(cache, projected);
      const evaluated = gateWith(null);

      let allowed = 0;
      for (let round = 0; round < 4; round += 1) {
        for (let i = 0; i < 300; i += 1) {
          const a = cached.decide(source(i));
          const b = evaluated.decide(source(i));
          expect({ allowed: a.allowed, reason: a.reason }).toEqual({
            allowed: b.allowed,
            reason: b.reason,
          });
          if (a.allowed) allowed += 1;
        }
      }
      // The mix holds both answers, and the cache was used.
      expect(allowed).toBeGreaterThan(100);
      expect(allowed).toBeLessThan(1100);
      expect(cache.size).toBeGreaterThan(0);

      expect(cached.entries).toHaveLength(evaluated.entries.length);
      for (let i = 0; i < cached.entries.length; i += 1) {
        const { id, durationUs, ...record } = cached.entries[i]!;
        const other = evaluated.entries[i]!;
        // toEqual passes over the fields set to undefined.
        expect(record).toEqual({
          ...other,
          atMs: record.atMs,
          id: undefined,
          durationUs: undefined,
        });
        expect(id).not.toBe(other.id);
        expect(durationUs).toBeGreaterThanOrEqual(0);
      }

      // Remembered decisions are counted as such and not as evaluations.
      const count = async (m: {
        get(): Promise<{ values: { value: number }[] }>;
      }) => (await m.get()).values.reduce((sum, v) => sum + v.value, 0);
      const total = cached.entries.length;
      const hits = await count(cached.metrics.remembered);
      expect(hits).toBeGreaterThan(600);
      expect(await count(cached.metrics.decisions)).toBe(total);
      const evaluations = (await cached.metrics.evalDuration.get()).values.find(
        (v) => v.metricName === 'policy_eval_duration_seconds_count',
      )?.value;
      expect(evaluations).toBe(total - hits);
      expect(await count(evaluated.metrics.remembered)).toBe(0);
    },
  );

  it('never remembers an evaluation error', () => {
    const cache = new DecisionCache({
      maxChars: 1 << 20,
      maxInputChars: 8192,
    });
    let evaluations = 0;
    const failing = {
      evaluateJson: () => {
        evaluations += 1;

        return {
          allow: false,
          decisionId: `d-${evaluations}`,
          result: undefined,
          revision: 'memo',
          durationNs: 1_000,
          error: 'out of memory',
        };
      },
    } as unknown as PolicyEvaluator;
    const decide = createPolicyGate({
      metrics: new PolicyMetrics(new Registry(), {
        revision: () => 'memo',
        backlogBytes: () => 0,
      }),
      decisions: null,
      local: null,
    });
    const policy: LoadedPolicy = {
      digest: 'sha256:memo',
      revision: 'memo',
      entrypoint: ENTRYPOINT,
      evaluator: failing,
      decisions: cache,
      decisionKey: null,
      inputDocument: null,
    };

    for (let i = 0; i < 3; i += 1) {
      expect(decide(policy, source(1), 'r')).toMatchObject({
        allowed: false,
        reason: 'evaluation error: out of memory',
      });
    }
    expect(evaluations).toBe(3);
    expect(cache.size).toBe(0);
  });
});
