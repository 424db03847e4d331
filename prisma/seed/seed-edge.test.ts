import { generateKeyPairSync } from 'node:crypto';

import { jwkSchema } from '@cellplane/contract';
import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DEMO_ISSUER, seedEdge } from './seed-edge';

function ecJwk(kid: string) {
  const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  return jwkSchema.parse({ ...publicKey.export({ format: 'jwk' }), kid });
}

describe('seedEdge', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase({ label: 'seed edge' });
  }, 30_000);

  afterAll(async () => {
    await test?.drop();
  });

  const storedKids = async () => {
    const issuer = await test.db.tokenIssuer.findUniqueOrThrow({
      where: { id: DEMO_ISSUER.id },
    });

    return (issuer.keys as { jwk: { kid: string } }[]).map((k) => k.jwk.kid);
  };

  it('adds the demo issuer with its public keys and the demo routes', async () => {
    const result = await seedEdge(test.db, {
      publicJwks: [ecJwk('k1'), ecJwk('k2')],
    });

    expect(result).toEqual({ issuers: 1, keys: 2, routes: 2 });
    expect(await storedKids()).toEqual(['k1', 'k2']);
    const routes = await test.db.edgeRoute.findMany({ orderBy: { id: 'asc' } });
    expect(routes.map((r) => [r.id, r.pathPrefix, r.auth])).toEqual([
      ['r-public', '/public', 'public'],
      ['r-root', '/', 'optional'],
    ]);
  });

  it('changes nothing on a re-run with the same keys', async () => {
    const again = await seedEdge(test.db, {
      publicJwks: [ecJwk('k1'), ecJwk('k2')],
    });

    expect(again).toEqual({ issuers: 0, keys: 0, routes: 0 });
    expect(await storedKids()).toEqual(['k1', 'k2']);
  });

  it("keeps an operator's keys and routes, adding only what is missing", async () => {
    await test.db.edgeRoute.delete({ where: { id: 'r-public' } });
    await test.db.edgeRoute.create({
      data: { id: 'r-docs', pathPrefix: '/public/', auth: 'required' },
    });

    const result = await seedEdge(test.db, {
      publicJwks: [ecJwk('k2'), ecJwk('k3')],
    });

    expect(result).toEqual({ issuers: 0, keys: 1, routes: 0 });
    expect(await storedKids()).toEqual(['k1', 'k2', 'k3']);
    expect(await test.db.edgeRoute.count()).toBe(2);
  });
});
