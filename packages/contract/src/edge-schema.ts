import { z } from 'zod';

import { idSchema } from './id-schema';

/**
 * The edge sections of a snapshot: who may call (identity), how each path is
 * protected (routes) and how much (limits). Optional in schema version 1 so
 * that a control plane that does not manage them yet still produces valid
 * snapshots; a gateway treats a missing section as its documented default.
 */

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

// Public keys only: a JWK carrying private material ("d", "p", ...) is
// refused by the strict objects, so a leaked signing key never spreads.
const rsaJwkSchema = z.strictObject({
  kty: z.literal('RSA'),
  kid: z.string().min(1).max(128),
  use: z.literal('sig').optional(),
  alg: z.enum(['RS256']).optional(),
  n: base64url.min(342, 'RSA modulus must be at least 2048 bits'),
  e: base64url,
});

const ecJwkSchema = z.strictObject({
  kty: z.literal('EC'),
  kid: z.string().min(1).max(128),
  use: z.literal('sig').optional(),
  alg: z.enum(['ES256']).optional(),
  crv: z.literal('P-256'),
  x: base64url,
  y: base64url,
});

const okpJwkSchema = z.strictObject({
  kty: z.literal('OKP'),
  kid: z.string().min(1).max(128),
  use: z.literal('sig').optional(),
  alg: z.enum(['EdDSA']).optional(),
  crv: z.literal('Ed25519'),
  x: base64url,
});

export const jwkSchema = z.discriminatedUnion('kty', [
  rsaJwkSchema,
  ecJwkSchema,
  okpJwkSchema,
]);

export const tokenAlgorithmSchema = z.enum(['RS256', 'ES256', 'EdDSA']);

export const issuerSchema = z.strictObject({
  id: idSchema,
  /** The exact `iss` claim this issuer's tokens carry. */
  issuer: z.string().min(1).max(512),
  audiences: z.array(z.string().min(1).max(512)).min(1),
  /** Fixed by configuration, never read from a token (field case K06). */
  algorithms: z.array(tokenAlgorithmSchema).min(1),
  leewaySeconds: z.int().min(0).max(300),
  /** Claim holding the tenant id; must equal the routed tenant. */
  tenantClaim: z.string().min(1).max(64),
  keys: z.array(jwkSchema).max(32),
});

export const identitySchema = z.strictObject({
  issuers: z.array(issuerSchema),
  /** Token ids (`jti`) refused even while their signature is valid. */
  revokedTokenIds: z.array(z.string().min(1).max(256)).max(100_000),
});

export const httpMethodSchema = z.enum([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

export const routeSchema = z.strictObject({
  id: idSchema,
  /** Matched against the normalized path, segment by segment. */
  pathPrefix: z
    .string()
    .regex(/^\/([a-z0-9._~-]+\/?)*$/, 'must be a normalized lowercase path')
    .refine(
      (path) => !path.split('/').some((part) => part === '.' || part === '..'),
      'must not contain "." or ".." segments',
    ),
  methods: z.array(httpMethodSchema).min(1).optional(),
  auth: z.enum(['public', 'required', 'optional']),
  timeoutMs: z.int().min(1).max(60_000),
});

const rateSchema = z.strictObject({
  ratePerSecond: z.number().positive().max(1_000_000),
  burst: z.int().min(1).max(10_000_000),
});

const cidrSchema = z.union([z.cidrv4(), z.cidrv6(), z.ipv4(), z.ipv6()]);

export const limitsSchema = z.strictObject({
  perClientIp: rateSchema,
  perTenant: z.strictObject({
    free: rateSchema,
    standard: rateSchema,
    enterprise: rateSchema,
  }),
  /** Proxies whose `x-forwarded-for` hop is believed (field case K09). */
  trustedProxies: z.array(cidrSchema).max(256),
});

export type Jwk = z.infer<typeof jwkSchema>;
export type TokenAlgorithm = z.infer<typeof tokenAlgorithmSchema>;
export type Issuer = z.infer<typeof issuerSchema>;
export type Identity = z.infer<typeof identitySchema>;
export type HttpMethod = z.infer<typeof httpMethodSchema>;
export type Route = z.infer<typeof routeSchema>;
export type Limits = z.infer<typeof limitsSchema>;
