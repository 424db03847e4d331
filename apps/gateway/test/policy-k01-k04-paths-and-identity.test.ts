import type { DecisionRecord } from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
} from './cases/support/forge-token';
import { route } from './cases/support/path-cases';
import { preparePolicyCompiler } from './support/policy-bundles';
import { startPolicyEdge, type PolicyEdge } from './support/policy-edge';

/**
 * K01 to K04 through a compiled Rego policy (not a stand-in): the path
 * the policy evaluated is the one routing used and the upstream received,
 * and identity comes only from the verified token. The decision log is
 * the record of what the policy saw.
 */
const AUTHZ = `package cellplane.authz

import rego.v1

default allow := false

under(path, prefix) if path == prefix

under(path, prefix) if startswith(path, concat("", [prefix, "/"]))

allow if {
	input.method in {"GET", "HEAD"}
	some prefix in data.open_prefixes
	under(input.path, prefix)
}

allow if {
	under(input.path, "/admin")
	"admin" in input.user.roles
}

allow if {
	under(input.path, "/upload")
	"uploader" in input.user.roles
}
`;

let edge: PolicyEdge;
let userToken: string;
let adminToken: string;

beforeAll(async () => {
  await preparePolicyCompiler();
  const key = makeKey('EdDSA', 'k1');
  userToken = genuineToken(key, { roles: ['user'] });
  adminToken = genuineToken(key, { roles: ['admin'], sub: 'admin-1' });
  edge = await startPolicyEdge({
    files: {
      'authz.rego': AUTHZ,
      'data.json': JSON.stringify({ open_prefixes: ['/public', '/catalog'] }),
    },
    routes: [
      route('all', '/', 'optional'),
      route('public', '/public', 'public'),
      route('admin', '/admin', 'required'),
    ],
    identity: makeIdentity([makeIssuer([key], { algorithms: ['EdDSA'] })]),
  });
}, 300_000);

afterAll(() => edge?.close());

/** A request whose target is sent exactly as written (no URL parsing). */
async function send(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; decisionId: string | null }> {
  const { request } = await import('node:http');

  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: edge.port,
        method: 'GET',
        path,
        headers,
        agent: false,
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            decisionId: (res.headers['x-decision-id'] as string) ?? null,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function decisionOf(id: string | null): Promise<DecisionRecord> {
  const found = (await edge.decisions()).find((d) => d.id === id);
  if (found === undefined) throw new Error(`no decision ${id}`);

  return found;
}

/**
 * The invariant behind K01 to K03: the upstream received exactly the
 * targets the policy allowed, in order, and nothing else.
 */
async function expectUpstreamSawOnlyAllowed(): Promise<void> {
  const allowed = (await edge.decisions())
    .filter((d) => d.result === 'allow')
    .map((d) => {
      const query = (d.input as { query: string }).query;

      return query === '' ? d.path : `${d.path}?${query}`;
    });

  expect(edge.upstream.received.map((r) => r.url)).toEqual(allowed);
}

describe('K01 to K04 through the policy bundle', () => {
  it.each([
    '/public/../admin/users',
    '/public/./../admin/users',
    '/public/%2e%2e/admin/users',
    '/public/.%2E/admin/users',
  ])(
    'K01 dot segments: %s is evaluated as /admin/users and denied',
    async (path) => {
      const answer = await send(path, { authorization: `Bearer ${userToken}` });

      expect(answer.status).toBe(403);
      const decision = await decisionOf(answer.decisionId);
      expect(decision).toMatchObject({ path: '/admin/users', result: 'deny' });
      expect(decision.input).toMatchObject({
        path: '/admin/users',
        segments: ['admin', 'users'],
        route: { id: 'admin', auth: 'required' },
      });
      await expectUpstreamSawOnlyAllowed();
    },
  );

  it('K01 dot segments: an admin token is allowed and the upstream gets the evaluated path', async () => {
    const answer = await send('/public/../admin/users?x=1', {
      authorization: `Bearer ${adminToken}`,
    });

    expect(answer.status).toBe(200);
    expect(await decisionOf(answer.decisionId)).toMatchObject({
      path: '/admin/users',
      result: 'allow',
    });
    expect(edge.upstream.received.at(-1)?.url).toBe('/admin/users?x=1');
    await expectUpstreamSawOnlyAllowed();
  });

  it.each([
    '//admin/users',
    '/%2Fadmin/users',
    '/admin%2Fusers',
    '/public%2F..%2Fadmin/users',
    '/public%5C..%5Cadmin/users',
  ])(
    'K02 encoded separators: %s never reaches the upstream as an admin path',
    async (path) => {
      const answer = await send(path, { authorization: `Bearer ${userToken}` });

      expect([400, 403]).toContain(answer.status);
      if (answer.status === 403) {
        expect((await decisionOf(answer.decisionId)).path).toBe('/admin/users');
      }
      await expectUpstreamSawOnlyAllowed();
    },
  );

  it.each([
    ['/UPLOAD/file', null],
    ['/Upload/file', null],
    ['/x/../upload/file', '/upload/file'],
    ['/%75pload/file', '/upload/file'],
    ['/internal/metrics', '/internal/metrics'],
  ])('K03 case and unknown paths: %s is denied', async (path, evaluated) => {
    const answer = await send(path, {
      authorization: `Bearer ${userToken}`,
    });

    expect(answer.status).not.toBe(200);
    if (evaluated !== null) {
      expect(answer.status).toBe(403);
      expect(await decisionOf(answer.decisionId)).toMatchObject({
        path: evaluated,
        result: 'deny',
      });
    }
    await expectUpstreamSawOnlyAllowed();
  });

  it('K04 identity headers: the policy sees the verified token, never identity headers from outside', async () => {
    const answer = await send('/catalog/sku-1', {
      authorization: `Bearer ${userToken}`,
      cookie: 'session=secret',
      'x-api-key': 'secret',
      'x-user-claims': '{"roles":["admin"]}',
      'x-user-roles': 'admin',
      'x-authenticated-sub': 'admin',
      'x-real-ip': '10.9.9.9',
      'x-forwarded-for': '10.9.9.9',
      'x-tenant-id': 't-a',
      accept: 'application/json',
    });

    expect(answer.status).toBe(200);
    const input = (await decisionOf(answer.decisionId)).input as {
      headers: Record<string, string>;
      tenant: string;
      user: { sub: string; tenant: string; roles: string[] };
      client: { address: string };
    };
    expect(input.tenant).toBe('t-a');
    expect(input.user).toMatchObject({
      sub: 'user-1',
      tenant: 't-a',
      roles: ['user'],
    });
    expect(input.client.address).toBe('127.0.0.1');
    expect(input.headers.accept).toBe('application/json');
    for (const name of [
      'authorization',
      'cookie',
      'x-api-key',
      'x-user-claims',
      'x-user-roles',
      'x-authenticated-sub',
      'x-real-ip',
      'x-forwarded-for',
      'x-tenant-id',
    ]) {
      expect(input.headers[name]).toBeUndefined();
    }
    expect(edge.upstream.received.at(-1)?.headers['x-user-roles']).toBe('user');
  });

  it('K04 identity headers: x-user-roles admin from outside does not open /admin', async () => {
    const answer = await send('/admin/users', {
      authorization: `Bearer ${userToken}`,
      'x-user-roles': 'admin',
      'x-user-claims': '{"roles":["admin"]}',
    });

    expect(answer.status).toBe(403);
    expect(
      (await decisionOf(answer.decisionId)).input as { user: unknown },
    ).toMatchObject({ user: { roles: ['user'] } });
    await expectUpstreamSawOnlyAllowed();
  });

  it('K04 identity headers: x-tenant-id t-b with a token for t-a is refused before policy', async () => {
    const before = (await edge.decisions()).length;
    const answer = await send('/catalog/sku-1', {
      authorization: `Bearer ${userToken}`,
      'x-tenant-id': 't-b',
    });

    expect(answer.status).toBe(403);
    expect(answer.decisionId).toBeNull();
    expect((await edge.decisions()).length).toBe(before);
  });
});
