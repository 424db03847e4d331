import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { preparePolicyCompiler } from './support/policy-bundles';
import { startPolicyEdge, type PolicyEdge } from './support/policy-edge';

/**
 * K20: only a boolean `true` at the entrypoint allows. Each case boots a
 * real gateway with a compiled bundle and checks the answer, its decision
 * id (header and body) and the decision log record.
 */
const edges: PolicyEdge[] = [];

beforeAll(async () => {
  await preparePolicyCompiler();
}, 300_000);

afterAll(async () => {
  await Promise.all(edges.map((edge) => edge.close()));
});

async function edgeWith(
  rego: string,
  data?: Record<string, unknown>,
): Promise<PolicyEdge> {
  const files: Record<string, string> = { 'authz.rego': rego };
  if (data !== undefined) files['data.json'] = JSON.stringify(data);
  const edge = await startPolicyEdge({ files });
  edges.push(edge);

  return edge;
}

async function get(edge: PolicyEdge, path: string) {
  const response = await fetch(`${edge.url}${path}`, {
    headers: { 'x-tenant-id': 't-a' },
  });
  const text = await response.text();

  return {
    status: response.status,
    decisionId: response.headers.get('x-decision-id'),
    body: text,
  };
}

async function expectDenied(edge: PolicyEdge, path: string, reason: RegExp) {
  const before = edge.upstream.received.length;
  const answer = await get(edge, path);

  expect(answer.status).toBe(403);
  expect(answer.decisionId).toMatch(/^[0-9a-f-]{36}$/);
  const error = (JSON.parse(answer.body) as { error: Record<string, string> })
    .error;
  expect(error.code).toBe('GW_POLICY_DENIED');
  expect(error.decisionId).toBe(answer.decisionId);
  expect(edge.upstream.received.length).toBe(before);

  const record = (await edge.decisions()).find(
    (d) => d.id === answer.decisionId,
  );
  expect(record).toMatchObject({ path, revision: 'rev-1' });
  expect(record?.result === 'deny' || record?.result === 'error').toBe(true);
  expect(record?.reason).toMatch(reason);
}

describe('K20 undefined is not allow', () => {
  it('K20: an input that matches no rule is denied with a decision id', async () => {
    const edge = await edgeWith(`package cellplane.authz
import rego.v1
allow if input.path == "/open"
`);

    await expectDenied(edge, '/closed', /undefined/);

    const open = await get(edge, '/open');
    expect(open.status).toBe(200);
    expect(open.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(edge.upstream.received.at(-1)?.url).toBe('/open');
    const allowed = (await edge.decisions()).find(
      (d) => d.id === open.decisionId,
    );
    expect(allowed).toMatchObject({ result: 'allow', path: '/open' });
  });

  it('K20: a bundle loaded with no data denies what the data would allow', async () => {
    const edge = await edgeWith(`package cellplane.authz
import rego.v1
allow if input.path in data.open_paths
`);

    await expectDenied(edge, '/open', /undefined/);
  });

  it('K20: an entrypoint undefined for the input (a missing field) is a deny', async () => {
    const edge = await edgeWith(`package cellplane.authz
import rego.v1
allow := input.user.admin
`);

    await expectDenied(edge, '/anything', /undefined/);
  });

  it('K20: a non-boolean result (a string, a number, an object) is a deny', async () => {
    const edge = await edgeWith(
      `package cellplane.authz
import rego.v1
allow := "yes" if input.path == "/string"
allow := 1 if input.path == "/number"
allow := {"allow": true} if input.path == "/object"
`,
    );

    await expectDenied(edge, '/string', /non-boolean/);
    await expectDenied(edge, '/number', /non-boolean/);
    await expectDenied(edge, '/object', /non-boolean/);
  });

  it('K20: an evaluation error is a deny (fail closed) counted as an error', async () => {
    const edge = await edgeWith(`package cellplane.authz
import rego.v1
allow := x if some x in [true, false]
`);

    await expectDenied(edge, '/conflict', /evaluation error/);

    const metrics = await (
      await fetch(`${edge.gateway.adminUrl}/metrics`)
    ).text();
    expect(metrics).toMatch(/^policy_eval_errors_total 1$/m);
    expect(metrics).toMatch(/^policy_decisions_total\{result="error"\} 1$/m);
  });
});
