import { PolicyEvaluator, readBundle } from '@cellplane/policy/runtime';
import fc from 'fast-check';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';

import { createPolicyGate } from '../src/http/policy-check';
import { DecisionCache } from '../src/policy/decision-cache';
import {
  createInputDocument,
  createInputProjection,
} from '../src/policy/input-projection';
import type { LoadedPolicy } from '../src/policy/loaded-policy';
import {
  buildPolicyInput,
  type PolicyInputSource,
} from '../src/policy/policy-input';
import { PolicyMetrics } from '../src/telemetry/policy-metrics';
import {
  buildTestBundle,
  ENTRYPOINT,
  preparePolicyCompiler,
} from './support/policy-bundles';

/**
 * Decisions keyed by the input paths a policy reads: for policies that
 * read headers, deep claims, array elements, a whole object or the whole
 * input, every request remembered under a shared key gets the answer its
 * own evaluation gives, over requests that differ in everything else.
 */
const POLICIES: Record<string, string> = {
  header: `package cellplane.authz
import rego.v1
allow if {
  input.headers["x-env"] == "prod"
  "admin" in input.user.roles
}`,
  claims: `package cellplane.authz
import rego.v1
allow if input.user.claims.scope.write == true
allow if input.method == "GET"`,
  segment: `package cellplane.authz
import rego.v1
allow if input.segments[0] == "api"
allow if input.route.auth == "public"`,
  wholeUser: `package cellplane.authz
import rego.v1
allow if object.get(input.user, "sub", "") == "u-1"
allow if count(input.user) > 5`,
  client: `package cellplane.authz
import rego.v1
import input.client as c
allow if net.cidr_contains("10.0.0.0/8", c.address)`,
  anyField: `package cellplane.authz
import rego.v1
allow if {
  some key
  input[key] == "t-1"
}`,
};

const evaluators = new Map<string, PolicyEvaluator>();

beforeAll(async () => {
  await preparePolicyCompiler();
  for (const [name, text] of Object.entries(POLICIES)) {
    const built = await buildTestBundle(
      { 'authz.rego': text },
      { revision: name },
    );
    evaluators.set(name, await PolicyEvaluator.load(readBundle(built.bytes)));
  }
}, 300_000);

const small = <T>(...values: T[]) => fc.constantFrom(...values);

/** Requests that agree on a few values and differ in the rest. */
const sourceArb: fc.Arbitrary<PolicyInputSource> = fc
  .record({
    method: small('GET', 'POST', 'DELETE'),
    path: small('/api/orders', '/api', '/public/x', '/'),
    query: small('', 'a=1', 'a=2'),
    env: small(null, 'prod', 'dev', 'PROD'),
    extra: fc.array(small('accept', 'user-agent', 'x-trace'), {
      maxLength: 3,
    }),
    tenantId: small('t-1', 't-2'),
    user: fc.option(
      fc.record({
        sub: small('u-1', 'u-2', 'u-3'),
        roles: fc.subarray(['admin', 'shopper', 'viewer']),
        scope: fc.option(
          fc.record({
            write: fc.oneof(fc.boolean(), small<unknown>('true', 1)),
          }),
          { nil: undefined },
        ),
        jti: fc.uuid(),
        extraClaims: fc.nat(3),
      }),
      { nil: null },
    ),
    routeAuth: small('public', 'required'),
    routeId: small('r-1', null),
    client: small('10.1.2.3', '192.0.2.1', '10.255.0.1'),
  })
  .map((r) => {
    const rawHeaders = ['Host', 'gw.test'];
    if (r.env !== null) rawHeaders.push('X-Env', r.env);
    for (const name of r.extra) rawHeaders.push(name, `v-${name}`);
    const claims: Record<string, unknown> = {
      sub: r.user?.sub,
      jti: r.user?.jti,
    };
    if (r.user?.scope !== undefined) claims.scope = r.user.scope;
    for (let i = 0; i < (r.user?.extraClaims ?? 0); i += 1) claims[`c${i}`] = i;

    return {
      method: r.method,
      path: r.path,
      segments: r.path.split('/').filter((s) => s !== ''),
      rawQuery: r.query,
      rawHeaders,
      peerTrusted: false,
      tenantId: r.tenantId,
      user:
        r.user === null
          ? null
          : {
              sub: r.user.sub,
              issuer: 'idp',
              roles: r.user.roles,
              claims,
            },
      routeId: r.routeId,
      routeAuth: r.routeAuth,
      cellId: 'cell-1',
      regionId: 'eu-1',
      clientAddress: r.client,
    };
  });

function gate(evaluator: PolicyEvaluator, projected: boolean) {
  const metrics = new PolicyMetrics(new Registry(), {
    revision: () => 'x',
    backlogBytes: () => 0,
  });
  const decisionKey = projected
    ? createInputProjection(evaluator.inputPaths)
    : null;
  const policy: LoadedPolicy = {
    digest: 'sha256:x',
    revision: 'x',
    entrypoint: ENTRYPOINT,
    evaluator,
    decisions: projected
      ? new DecisionCache({
          maxChars: 1 << 20,
          maxInputChars: 8192,
        })
      : null,
    decisionKey,
    inputDocument: projected ? createInputDocument(evaluator.inputPaths) : null,
  };
  const decide = createPolicyGate({ metrics, decisions: null, local: null });

  return {
    metrics,
    decisionKey,
    allowed: (s: PolicyInputSource) => decide(policy, s, 'r')!.allowed,
  };
}

describe('decisions keyed by the input paths the policy reads', () => {
  it.each(Object.keys(POLICIES))(
    '%s: a remembered answer is the evaluated one',
    async (name) => {
      const evaluator = evaluators.get(name)!;
      const cached = gate(evaluator, true);
      const evaluated = gate(evaluator, false);

      const sources = fc.sample(sourceArb, { numRuns: 1500, seed: 42 });
      let allowed = 0;
      for (const source of sources) {
        const answer = cached.allowed(source);
        expect(answer, JSON.stringify(buildPolicyInput(source))).toBe(
          evaluated.allowed(source),
        );
        if (answer) allowed += 1;
      }

      // Not vacuous: both answers occur, and the cache answered most.
      expect(allowed).toBeGreaterThan(0);
      expect(allowed).toBeLessThan(sources.length);
      const hits = (await cached.metrics.remembered.get()).values[0]!.value;
      if (name === 'anyField') {
        expect(evaluator.inputPaths).toBeNull();
        expect(cached.decisionKey).toBeNull();
      } else if (name === 'wholeUser') {
        // The whole user holds each token's own id: anonymous calls share.
        expect(hits).toBeGreaterThan(100);
      } else {
        expect(hits).toBeGreaterThan(sources.length / 3);
      }
    },
  );

  it('keys each path by the value the input document holds there', () => {
    const paths = [
      ['method'],
      ['headers'],
      ['headers', 'x-env'],
      ['user'],
      ['user', 'tenant'],
      ['user', 'claims', 'scope', 'write'],
      ['route', 'auth'],
      ['segments', '0'],
      ['client', 'address', 'x'],
      ['constructor'],
      ['__proto__'],
      ['nothing'],
    ];
    const absent = '~';
    for (const source of fc.sample(sourceArb, { numRuns: 300, seed: 7 })) {
      const input = buildPolicyInput(source) as unknown;
      for (const path of paths) {
        let at: unknown = input;
        for (const key of path) {
          at =
            at !== null &&
            typeof at === 'object' &&
            !Array.isArray(at) &&
            Object.hasOwn(at, key)
              ? (at as Record<string, unknown>)[key]
              : undefined;
        }
        const expected = at === undefined ? absent : JSON.stringify(at);
        expect(createInputProjection([path])!(source)).toBe(`${expected}\n`);
      }
    }
  });

  it('evaluates on the top-level fields the paths start at, as the input holds them', () => {
    const paths = [
      ['method'],
      ['headers', 'x-env'],
      ['user', 'tenant'],
      ['user', 'roles'],
      ['client', 'address'],
      ['constructor'],
      ['__proto__'],
      ['nothing'],
    ];
    const document = createInputDocument(paths)!;
    for (const source of fc.sample(sourceArb, { numRuns: 300, seed: 11 })) {
      const input = buildPolicyInput(source);

      expect(document(source)).toEqual({
        method: input.method,
        headers: input.headers,
        user: input.user,
        client: input.client,
      });
    }
    expect(createInputDocument(null)).toBeNull();
  });
});
