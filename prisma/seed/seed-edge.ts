import type { Jwk } from '@cellplane/contract';
import type { Db } from '@cellplane/db';

/**
 * The demo's identity provider. Its private keys live only in the demo's
 * state directory (scripts/demo/demo-identity.ts); the database, and so
 * every snapshot, holds the public JWKs alone.
 */
export const DEMO_ISSUER = {
  id: 'demo-idp',
  issuer: 'https://idp.demo.cellplane.local',
  audiences: ['cellplane-demo'],
  algorithms: ['RS256', 'ES256'],
  leewaySeconds: 30,
  tenantClaim: 'tenant',
} as const;

/**
 * The demo's routes: `/public` open to anyone, everything else with a
 * token optional, so header-only reads keep working and writes are left to
 * the policy (which wants a token with a role).
 */
export const DEMO_ROUTES = [
  {
    id: 'r-public',
    pathPrefix: '/public',
    methods: [],
    auth: 'public',
    timeoutMs: 1000,
  },
  {
    id: 'r-root',
    pathPrefix: '/',
    methods: [],
    auth: 'optional',
    timeoutMs: 1000,
  },
] as const;

export type EdgeSeedResult = { issuers: number; keys: number; routes: number };

/**
 * Adds the demo issuer with `publicJwks`, and the demo routes, where
 * missing; safe to run on every demo start. An existing `demo-idp` keeps
 * its settings and other keys and gains the given keys it lacks (kid
 * compared), so keys an operator added survive; a route is added only when
 * no route has its id or prefix, so one an operator changed is kept and
 * no two routes ever claim a prefix (gateways would refuse the snapshot).
 *
 * The stored key entries have the shape the control-api keeps in
 * `TokenIssuer.keys` (services/edge/issuer-keys.ts): `{ jwk, addedAt,
 * addedBy }`.
 */
export async function seedEdge(
  db: Db,
  options: { publicJwks: readonly Jwk[] },
): Promise<EdgeSeedResult> {
  return db.$transaction(async (tx) => {
    const result: EdgeSeedResult = { issuers: 0, keys: 0, routes: 0 };
    const addedAt = new Date().toISOString();
    const entries = (jwks: readonly Jwk[]) =>
      jwks.map((jwk) => ({ jwk, addedAt, addedBy: 'demo seed' }));

    await tx.$queryRaw`
      SELECT id FROM "TokenIssuer" WHERE id = ${DEMO_ISSUER.id} FOR UPDATE`;
    const existing = await tx.tokenIssuer.findUnique({
      where: { id: DEMO_ISSUER.id },
      select: { keys: true },
    });

    if (!existing) {
      await tx.tokenIssuer.create({
        data: {
          ...DEMO_ISSUER,
          audiences: [...DEMO_ISSUER.audiences],
          algorithms: [...DEMO_ISSUER.algorithms],
          keys: entries(options.publicJwks),
        },
      });
      result.issuers = 1;
      result.keys = options.publicJwks.length;
    } else {
      const keys = existing.keys as { jwk: { kid: string } }[];
      const kids = new Set(keys.map((key) => key.jwk.kid));
      const missing = options.publicJwks.filter((jwk) => !kids.has(jwk.kid));
      if (missing.length > 0) {
        await tx.tokenIssuer.update({
          where: { id: DEMO_ISSUER.id },
          data: { keys: [...keys, ...entries(missing)] },
        });
      }
      result.keys = missing.length;
    }

    const routes = await tx.edgeRoute.findMany({
      select: { id: true, pathPrefix: true },
    });
    for (const route of DEMO_ROUTES) {
      const taken = routes.some(
        (other) =>
          other.id === route.id ||
          other.pathPrefix.replace(/(.)\/+$/, '$1') === route.pathPrefix,
      );
      if (taken) continue;

      await tx.edgeRoute.create({
        data: { ...route, methods: [...route.methods] },
      });
      result.routes += 1;
    }

    return result;
  });
}
