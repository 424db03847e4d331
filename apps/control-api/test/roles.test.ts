import { createHash, generateKeyPairSync } from 'node:crypto';

import { writeBundle } from '@cellplane/policy';
import { compile } from '@cellplane/rego';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import type { Role } from '../src/auth/roles';
import { appRouter } from '../src/trpc/app-router';
import { ROLE_USERS, TEST_PASSWORD } from './support/seed-topology';
import { startSeededApi, type TestEnvironment } from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

const ROLES_POLICY =
  'package roles\n\nimport rego.v1\n\ndefault allow := true\n';
const ROLES_BUNDLE = writeBundle({
  manifest: { revision: 'roles', roots: [''] },
  wasm: compile(
    { 'roles.rego': ROLES_POLICY },
    { entrypoints: ['roles/allow'] },
  ).wasm,
  data: {},
  sources: {},
});
const ROLES_BUNDLE_DIGEST = `sha256:${createHash('sha256').update(ROLES_BUNDLE).digest('hex')}`;

interface ProcedureCase {
  path: string;
  type: 'query' | 'mutation';
  /** The lowest role allowed; null for public procedures. */
  role: Role | null;
  input?: unknown;
}

const ROLES_EC_JWK = {
  ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({
    format: 'jwk',
  }),
  kid: 'roles-ec',
};

/**
 * Every procedure of the app router, with the role it needs and an input
 * valid for it. Run in this order as the allowed role, they succeed.
 */
const CASES: ProcedureCase[] = [
  { path: 'auth.me', type: 'query', role: null },
  {
    path: 'auth.signIn',
    type: 'mutation',
    role: null,
    input: { email: ROLE_USERS.viewer, password: TEST_PASSWORD },
  },
  { path: 'auth.signOut', type: 'mutation', role: null },
  { path: 'regions.list', type: 'query', role: 'viewer' },
  {
    path: 'regions.create',
    type: 'mutation',
    role: 'admin',
    input: { id: 'ap-southeast', name: 'AP Southeast' },
  },
  { path: 'cells.list', type: 'query', role: 'viewer' },
  {
    path: 'cells.create',
    type: 'mutation',
    role: 'operator',
    input: {
      id: 'apse1-a',
      regionId: 'ap-southeast',
      capacityRps: 5000,
      instances: [{ id: 'apse1-a-i0', url: 'http://127.0.0.1:59401' }],
    },
  },
  {
    path: 'cells.setState',
    type: 'mutation',
    role: 'operator',
    input: { id: 'apse1-a', state: 'draining' },
  },
  {
    path: 'cells.update',
    type: 'mutation',
    role: 'operator',
    input: { id: 'apse1-a', weight: 2 },
  },
  {
    path: 'instances.create',
    type: 'mutation',
    role: 'operator',
    input: {
      id: 'apse1-a-i1',
      cellId: 'apse1-a',
      url: 'http://127.0.0.1:59201',
    },
  },
  {
    path: 'instances.remove',
    type: 'mutation',
    role: 'operator',
    input: { id: 'apse1-a-i1' },
  },
  { path: 'tenants.list', type: 'query', role: 'viewer', input: { limit: 5 } },
  {
    path: 'tenants.get',
    type: 'query',
    role: 'viewer',
    input: { id: 't-00001' },
  },
  {
    path: 'tenants.create',
    type: 'mutation',
    role: 'operator',
    input: { id: 't-roles', name: 'Roles', tier: 'free' },
  },
  {
    path: 'placement.explain',
    type: 'query',
    role: 'viewer',
    input: { tenantId: 't-00002' },
  },
  {
    path: 'placement.pin',
    type: 'mutation',
    role: 'operator',
    input: { tenantId: 't-00002', cellId: 'euc1-a' },
  },
  {
    path: 'placement.unpin',
    type: 'mutation',
    role: 'operator',
    input: { tenantId: 't-00002' },
  },
  { path: 'placement.distribution', type: 'query', role: 'viewer' },
  { path: 'snapshots.latest', type: 'query', role: 'viewer' },
  {
    path: 'snapshots.list',
    type: 'query',
    role: 'viewer',
    input: { limit: 5 },
  },
  { path: 'gateways.list', type: 'query', role: 'viewer' },
  { path: 'edge.issuers.list', type: 'query', role: 'viewer' },
  {
    path: 'edge.issuers.create',
    type: 'mutation',
    role: 'admin',
    input: {
      id: 'idp-roles',
      issuer: 'https://idp.roles.test',
      audiences: ['cellplane'],
      algorithms: ['ES256'],
    },
  },
  {
    path: 'edge.issuers.update',
    type: 'mutation',
    role: 'admin',
    input: { id: 'idp-roles', leewaySeconds: 10 },
  },
  {
    path: 'edge.issuers.addKey',
    type: 'mutation',
    role: 'admin',
    input: { issuerId: 'idp-roles', jwk: ROLES_EC_JWK },
  },
  {
    path: 'edge.issuers.removeKey',
    type: 'mutation',
    role: 'admin',
    input: { issuerId: 'idp-roles', kid: 'roles-ec' },
  },
  {
    path: 'edge.issuers.delete',
    type: 'mutation',
    role: 'admin',
    input: { id: 'idp-roles' },
  },
  {
    path: 'edge.revocations.list',
    type: 'query',
    role: 'viewer',
    input: { limit: 5 },
  },
  {
    path: 'edge.revocations.revoke',
    type: 'mutation',
    role: 'operator',
    input: { tokenId: 'jti-roles' },
  },
  {
    path: 'edge.revocations.unrevoke',
    type: 'mutation',
    role: 'admin',
    input: { tokenId: 'jti-roles' },
  },
  { path: 'edge.routes.list', type: 'query', role: 'viewer' },
  {
    path: 'edge.routes.create',
    type: 'mutation',
    role: 'admin',
    input: { id: 'r-roles', pathPrefix: '/', auth: 'optional' },
  },
  {
    path: 'edge.routes.update',
    type: 'mutation',
    role: 'admin',
    input: { id: 'r-roles', timeoutMs: 2000 },
  },
  {
    path: 'edge.routes.delete',
    type: 'mutation',
    role: 'admin',
    input: { id: 'r-roles' },
  },
  { path: 'edge.degradation.list', type: 'query', role: 'viewer' },
  {
    path: 'edge.degradation.force',
    type: 'mutation',
    role: 'operator',
    input: { cellId: 'euc1-a', level: 'limited', reason: 'roles test' },
  },
  {
    path: 'edge.degradation.clear',
    type: 'mutation',
    role: 'operator',
    input: { cellId: 'euc1-a' },
  },
  { path: 'audit.list', type: 'query', role: 'viewer', input: { limit: 5 } },
  {
    path: 'policies.build',
    type: 'mutation',
    role: 'admin',
    input: {
      files: [{ name: 'roles.rego', text: ROLES_POLICY }],
      entrypoint: 'roles/allow',
    },
  },
  {
    path: 'policies.upload',
    type: 'mutation',
    role: 'admin',
    input: { bundleBase64: Buffer.from(ROLES_BUNDLE).toString('base64') },
  },
  { path: 'policies.list', type: 'query', role: 'viewer' },
  {
    path: 'policies.get',
    type: 'query',
    role: 'viewer',
    input: { digest: ROLES_BUNDLE_DIGEST },
  },
  {
    path: 'policies.activate',
    type: 'mutation',
    role: 'admin',
    input: { digest: ROLES_BUNDLE_DIGEST, entrypoint: 'roles/allow' },
  },
  { path: 'policies.active', type: 'query', role: 'viewer' },
  { path: 'decisions.list', type: 'query', role: 'viewer' },
  { path: 'decisions.stats', type: 'query', role: 'viewer' },
];

const ROLES: Role[] = ['viewer', 'operator', 'approver', 'admin'];

let env: TestEnvironment;
let api: ControlApi;
const cookies = new Map<Role, string>();

beforeAll(async () => {
  ({ env, api } = await startSeededApi('roles', { firstSnapshot: true }));

  for (const role of ROLES) {
    cookies.set(
      role,
      await signInCookie(api.url(), ROLE_USERS[role], TEST_PASSWORD),
    );
  }
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

describe('role checks', () => {
  it('covers every procedure of the app router', () => {
    const procedures = Object.keys(appRouter._def.procedures).sort();

    expect(CASES.map((c) => c.path).sort()).toEqual(procedures);
  });

  it('answers UNAUTHORIZED without a session and FORBIDDEN below the role, writing nothing', async () => {
    const auditBefore = await env.database.db.auditLog.count();
    const refusals: string[] = [];

    for (const { path, type, role, input } of CASES) {
      if (role === null) continue;

      const anonymous = await callTrpc(api.url(), path, { type, input });
      refusals.push(`${path} anonymous ${anonymous.error?.data.code}`);
      expect(anonymous.status, path).toBe(401);

      for (const lower of ROLES.slice(0, ROLES.indexOf(role))) {
        const result = await callTrpc(api.url(), path, {
          type,
          input,
          cookie: cookies.get(lower),
        });
        refusals.push(`${path} ${lower} ${result.error?.data.code}`);
        expect(result.status, `${path} as ${lower}`).toBe(403);
      }
    }

    expect(
      refusals.every((line) => /(UNAUTHORIZED|FORBIDDEN)$/.test(line)),
    ).toBe(true);
    expect(await env.database.db.auditLog.count()).toBe(auditBefore);
  });

  it('lets the required role call each procedure', async () => {
    for (const { path, type, role, input } of CASES) {
      const cookie = role === null ? undefined : cookies.get(role);
      const result = await callTrpc(api.url(), path, { type, input, cookie });

      expect(result.error?.message, path).toBeUndefined();
      expect(result.status, path).toBe(200);
    }

    const actions = await env.database.db.auditLog.findMany({
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      'region.create',
      'cell.create',
      'cell.setState',
      'cell.update',
      'instance.create',
      'instance.remove',
      'tenant.create',
      'placement.pin',
      'placement.unpin',
      'issuer.create',
      'issuer.update',
      'issuer.addKey',
      'issuer.removeKey',
      'issuer.delete',
      'token.revoke',
      'token.unrevoke',
      'route.create',
      'route.update',
      'route.delete',
      'degradation.force',
      'degradation.clear',
      'policy.build',
      'policy.upload',
      'policy.activate',
    ]);
  });
});
