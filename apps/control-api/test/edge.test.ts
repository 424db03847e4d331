import { generateKeyPairSync } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import { CONFIG_DEFAULTS } from '../src/config/config-defaults';
import { loadSigningKey } from '../src/publish/load-signing-key';
import { publishSnapshot } from '../src/publish/publish-snapshot';
import { ROLE_USERS, TEST_PASSWORD } from './support/seed-topology';
import {
  startSeededApi,
  waitFor,
  type TestEnvironment,
} from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

let env: TestEnvironment;
let api: ControlApi;
let admin: string;
let operator: string;
let viewer: string;

beforeAll(async () => {
  ({ env, api } = await startSeededApi('edge', { firstSnapshot: true }));
  admin = await signInCookie(api.url(), ROLE_USERS.admin, TEST_PASSWORD);
  operator = await signInCookie(api.url(), ROLE_USERS.operator, TEST_PASSWORD);
  viewer = await signInCookie(api.url(), ROLE_USERS.viewer, TEST_PASSWORD);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

const as =
  (cookie: () => string) =>
  (path: string, input: unknown, type: 'query' | 'mutation' = 'mutation') =>
    callTrpc(api.url(), path, { type, input, cookie: cookie() });
const asAdmin = as(() => admin);
const asOperator = as(() => operator);
const asViewer = as(() => viewer);

function rsaJwk(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });

  return {
    publicJwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256' },
    privateJwk: { ...privateKey.export({ format: 'jwk' }), kid },
  };
}

function ecJwk(kid: string) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  return { ...publicKey.export({ format: 'jwk' }), kid };
}

/** The latest snapshot body this API process serves. */
function latestBody() {
  return api.deps.feed.latest()?.envelope.body;
}

/** Waits for a served snapshot newer than `version` that passes `check`. */
function publishedAfter(
  version: number,
  check: (body: NonNullable<ReturnType<typeof latestBody>>) => boolean,
) {
  return waitFor(() => {
    const body = latestBody();

    return body && body.version > version && check(body) ? body : undefined;
  }, 10_000);
}

const auditCount = () => env.database.db.auditLog.count();

describe('edge sections', () => {
  it('are absent while the tables are empty, as before', () => {
    const body = latestBody();

    expect(body?.identity).toBeUndefined();
    expect(body?.routes).toBeUndefined();
    expect(body?.degradation).toBeUndefined();
  });
});

describe('issuers', () => {
  const rs = rsaJwk('rs-1');

  it('creates an issuer, adds RS256 and ES256 keys side by side, and publishes them', async () => {
    const version = latestBody()?.version ?? 0;

    const created = await asAdmin('edge.issuers.create', {
      id: 'idp',
      issuer: 'https://idp.example.test',
      audiences: ['cellplane', 'cellplane'],
      algorithms: ['RS256', 'ES256'],
    });
    expect(created.error?.message).toBeUndefined();
    expect(created.data).toMatchObject({
      audiences: ['cellplane'],
      leewaySeconds: 30,
      tenantClaim: 'tenant',
      keys: [],
    });

    await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: rs.publicJwk,
    });
    const added = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: ecJwk('ec-1'),
    });
    expect(added.data).toMatchObject({
      keys: [
        { kid: 'rs-1', alg: 'RS256', addedBy: ROLE_USERS.admin },
        { kid: 'ec-1', alg: 'ES256', addedBy: ROLE_USERS.admin },
      ],
    });

    const body = await publishedAfter(
      version,
      (b) => b.identity?.issuers[0]?.keys.length === 2,
    );
    expect(body.identity?.issuers[0]).toMatchObject({
      id: 'idp',
      issuer: 'https://idp.example.test',
      algorithms: ['RS256', 'ES256'],
      keys: [
        { kid: 'rs-1', kty: 'RSA' },
        { kid: 'ec-1', kty: 'EC' },
      ],
    });
    expect(body.identity?.revokedTokenIds).toEqual([]);
    expect(body.routes).toBeUndefined();

    const actions = await env.database.db.auditLog.findMany({
      where: { targetType: 'issuer', targetId: 'idp' },
      orderBy: { id: 'asc' },
      select: { action: true },
    });
    expect(actions.map((row) => row.action)).toEqual([
      'issuer.create',
      'issuer.addKey',
      'issuer.addKey',
    ]);
  });

  it('refuses a private JWK with a clear error and stores nothing', async () => {
    const before = await auditCount();

    const result = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: rsaJwk('rs-private').privateJwk,
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.appCode).toBe('JWK_PRIVATE');
    expect(result.error?.message).toMatch(/private members/);
    // The key material is not echoed back.
    expect(JSON.stringify(result.error)).not.toMatch(/"d"\s*:/);
    expect(await auditCount()).toBe(before);
  });

  it('refuses a private JWK as such whatever else the call holds', async () => {
    const { privateJwk } = rsaJwk('rs-private-extra');

    const extraInCall = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: privateJwk,
      zzz: 1,
    });
    const extraInKey = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: { ...privateJwk, zzz: 1 },
    });

    expect(extraInCall.error?.data.appCode).toBe('JWK_PRIVATE');
    expect(extraInKey.error?.data.appCode).toBe('JWK_PRIVATE');
    expect(JSON.stringify(extraInCall.error)).not.toMatch(/"d"\s*:/);
  });

  it('refuses key material the issuer already has under another kid', async () => {
    const before = await auditCount();

    const twin = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: { ...rs.publicJwk, kid: 'rs-1-again', alg: undefined },
    });

    expect(twin.status).toBe(409);
    expect(twin.error?.data.appCode).toBe('ISSUER_KEY_DUPLICATE');
    expect(twin.error?.message).toMatch(/as kid rs-1/);
    expect(await auditCount()).toBe(before);
  });

  it('refuses keys the issuer cannot use', async () => {
    const badCurve = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: { kty: 'EC', crv: 'P-384', x: 'AAAA', y: 'BBBB', kid: 'x' },
    });
    const duplicateKid = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: ecJwk('ec-1'),
    });
    const notAllowed = await asAdmin('edge.issuers.addKey', {
      issuerId: 'idp',
      jwk: {
        kty: 'OKP',
        crv: 'Ed25519',
        kid: 'ed-1',
        ...generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }),
      },
    });
    const unknownIssuer = await asAdmin('edge.issuers.addKey', {
      issuerId: 'nobody',
      jwk: ecJwk('ec-9'),
    });

    expect(
      [badCurve, duplicateKid, notAllowed, unknownIssuer].map(
        (r) => r.error?.data.appCode,
      ),
    ).toEqual([
      'JWK_INVALID',
      'ISSUER_KEY_EXISTS',
      'JWK_INVALID',
      'ISSUER_NOT_FOUND',
    ]);
  });

  it('refuses a second issuer with the same iss', async () => {
    const result = await asAdmin('edge.issuers.create', {
      id: 'idp-2',
      issuer: 'https://idp.example.test',
      audiences: ['x'],
      algorithms: ['RS256'],
    });

    expect(result.error?.data.appCode).toBe('ISSUER_EXISTS');
  });

  it('rotates: removes the old key, keeps the other', async () => {
    const result = await asAdmin('edge.issuers.removeKey', {
      issuerId: 'idp',
      kid: 'rs-1',
    });

    expect(result.data).toMatchObject({ keys: [{ kid: 'ec-1' }] });
    expect(
      (
        await asAdmin('edge.issuers.removeKey', {
          issuerId: 'idp',
          kid: 'rs-1',
        })
      ).error?.data.appCode,
    ).toBe('ISSUER_KEY_NOT_FOUND');
  });

  it('lets a viewer read issuers and no viewer or operator change them', async () => {
    const list = await asViewer('edge.issuers.list', undefined, 'query');
    const viewerChange = await asViewer('edge.issuers.update', {
      id: 'idp',
      leewaySeconds: 5,
    });
    const operatorChange = await asOperator('edge.issuers.delete', {
      id: 'idp',
    });

    expect(list.status).toBe(200);
    expect(viewerChange.status).toBe(403);
    expect(operatorChange.status).toBe(403);
  });
});

describe('revocations', () => {
  it('revokes a token id into the snapshot and takes it back out', async () => {
    const version = latestBody()?.version ?? 0;

    const revoked = await asOperator('edge.revocations.revoke', {
      tokenId: 'jti-123',
      reason: 'laptop stolen',
    });
    expect(revoked.data).toMatchObject({
      tokenId: 'jti-123',
      revokedBy: ROLE_USERS.operator,
    });
    const again = await asOperator('edge.revocations.revoke', {
      tokenId: 'jti-123',
    });
    expect(again.error?.data.appCode).toBe('TOKEN_ALREADY_REVOKED');

    const body = await publishedAfter(version, (b) =>
      (b.identity?.revokedTokenIds ?? []).includes('jti-123'),
    );
    expect(body.identity?.revokedTokenIds).toEqual(['jti-123']);

    const operatorUndo = await asOperator('edge.revocations.unrevoke', {
      tokenId: 'jti-123',
    });
    expect(operatorUndo.status).toBe(403);
    const undone = await asAdmin('edge.revocations.unrevoke', {
      tokenId: 'jti-123',
    });
    expect(undone.data).toEqual({ tokenId: 'jti-123' });
    const listed = await asViewer(
      'edge.revocations.list',
      { limit: 10 },
      'query',
    );
    expect(listed.data).toEqual({ total: 0, items: [] });
  });
});

describe('routes', () => {
  it('normalizes the path prefix and publishes the routes', async () => {
    const version = latestBody()?.version ?? 0;

    const root = await asAdmin('edge.routes.create', {
      id: 'r-root',
      pathPrefix: '/',
      auth: 'optional',
    });
    const publicRoute = await asAdmin('edge.routes.create', {
      id: 'r-public',
      pathPrefix: '  /Public//Docs/ ',
      methods: ['GET', 'HEAD', 'GET'],
      auth: 'public',
      timeoutMs: 500,
    });

    expect(root.data).toEqual({
      id: 'r-root',
      pathPrefix: '/',
      auth: 'optional',
      timeoutMs: 1000,
    });
    expect(publicRoute.data).toEqual({
      id: 'r-public',
      pathPrefix: '/public/docs',
      methods: ['GET', 'HEAD'],
      auth: 'public',
      timeoutMs: 500,
    });

    const body = await publishedAfter(version, (b) => b.routes?.length === 2);
    expect(body.routes?.map((route) => route.id)).toEqual([
      'r-public',
      'r-root',
    ]);
  });

  it('refuses bad prefixes and overlapping routes, writing nothing', async () => {
    const before = await auditCount();

    const dotSegments = await asAdmin('edge.routes.create', {
      id: 'r-bad',
      pathPrefix: '/a/../b',
      auth: 'public',
    });
    const relative = await asAdmin('edge.routes.create', {
      id: 'r-bad',
      pathPrefix: 'catalog',
      auth: 'public',
    });
    const encoded = await asAdmin('edge.routes.create', {
      id: 'r-bad',
      pathPrefix: '/a%2fb',
      auth: 'public',
    });
    const overlap = await asAdmin('edge.routes.create', {
      id: 'r-public-2',
      pathPrefix: '/public/docs/',
      methods: ['HEAD'],
      auth: 'required',
    });

    expect(
      [dotSegments, relative, encoded].map((r) => r.error?.data.appCode),
    ).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
    expect(
      Object.keys(dotSegments.error?.data.zodError?.fieldErrors ?? {}),
    ).toEqual(['pathPrefix']);
    expect(overlap.error?.data.appCode).toBe('ROUTE_OVERLAP');
    expect(await auditCount()).toBe(before);
  });

  it('updates and deletes a route; the last one gone drops the section', async () => {
    const updated = await asAdmin('edge.routes.update', {
      id: 'r-public',
      auth: 'required',
      methods: null,
    });
    expect(updated.data).toEqual({
      id: 'r-public',
      pathPrefix: '/public/docs',
      auth: 'required',
      timeoutMs: 500,
    });
    const viewerDelete = await asViewer('edge.routes.delete', {
      id: 'r-root',
    });
    expect(viewerDelete.status).toBe(403);

    const version = latestBody()?.version ?? 0;
    await asAdmin('edge.routes.delete', { id: 'r-public' });
    await asAdmin('edge.routes.delete', { id: 'r-root' });
    const missing = await asAdmin('edge.routes.delete', { id: 'r-root' });

    expect(missing.error?.data.appCode).toBe('ROUTE_NOT_FOUND');
    await publishedAfter(version, (b) => b.routes === undefined);
  });
});

describe('forced degradation', () => {
  it('forces a level with a reason, publishes it, and clears it', async () => {
    const version = latestBody()?.version ?? 0;

    const noReason = await asOperator('edge.degradation.force', {
      cellId: 'use1-a',
      level: 'limited',
      reason: '',
    });
    const unknownCell = await asOperator('edge.degradation.force', {
      cellId: 'nowhere-a',
      level: 'limited',
      reason: 'database failover',
    });
    const byViewer = await asViewer('edge.degradation.force', {
      cellId: 'use1-a',
      level: 'limited',
      reason: 'database failover',
    });
    expect(noReason.error?.data.appCode).toBe('VALIDATION_FAILED');
    expect(unknownCell.error?.data.appCode).toBe('CELL_NOT_FOUND');
    expect(byViewer.status).toBe(403);

    const forced = await asOperator('edge.degradation.force', {
      cellId: 'use1-a',
      level: 'limited',
      reason: 'database failover',
    });
    expect(forced.data).toEqual({
      cellId: 'use1-a',
      level: 'limited',
      reason: 'database failover',
      forcedBy: ROLE_USERS.operator,
    });

    const body = await publishedAfter(
      version,
      (b) => b.degradation !== undefined,
    );
    expect(body.degradation).toEqual({
      forced: [{ cellId: 'use1-a', level: 'limited' }],
    });
    const listed = await asViewer('edge.degradation.list', undefined, 'query');
    expect(listed.data).toContainEqual(
      expect.objectContaining({
        cellId: 'use1-a',
        forced: expect.objectContaining({ level: 'limited' }),
      }),
    );
    const audit = await env.database.db.auditLog.findFirstOrThrow({
      where: { action: 'degradation.force', targetId: 'use1-a' },
    });
    expect(audit.after).toMatchObject({ reason: 'database failover' });

    const cleared = await asOperator('edge.degradation.clear', {
      cellId: 'use1-a',
    });
    expect(cleared.data).toEqual({ cellId: 'use1-a' });
    const again = await asOperator('edge.degradation.clear', {
      cellId: 'use1-a',
    });
    expect(again.error?.data.appCode).toBe('DEGRADATION_NOT_FORCED');
  });
});

describe('publishing', () => {
  it('writes no new version while nothing changes, and one per change', async () => {
    // As the running API publishes, so that an unchanged state is a no-op.
    const deps = {
      db: env.database.db,
      key: await loadSigningKey(env.stateDir),
      ring: CONFIG_DEFAULTS.ring,
      limits: CONFIG_DEFAULTS.limits,
    };
    const trigger = { author: 'test', cause: 'edge test' };

    const first = await publishSnapshot(deps, trigger);
    const unchanged = await publishSnapshot(deps, trigger);
    await env.database.db.forcedDegradation.create({
      data: {
        cellId: 'euc1-a',
        level: 'survival',
        reason: 'drill',
        forcedBy: 'test',
      },
    });
    const changed = await publishSnapshot(deps, trigger);

    expect(unchanged).toMatchObject({ created: false, version: first.version });
    expect(changed.created).toBe(true);
    expect(changed.version).toBe(first.version + 1);
    expect(changed.envelope?.body.degradation?.forced).toEqual([
      { cellId: 'euc1-a', level: 'survival' },
    ]);
  });
});
