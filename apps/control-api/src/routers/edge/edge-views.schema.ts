import {
  degradationLevelSchema,
  httpMethodSchema,
  issuerSchema,
  routeSchema,
  tokenAlgorithmSchema,
} from '@cellplane/contract';
import { z } from 'zod';

/**
 * Schemas shared by the edge procedures: the issuer settings an admin
 * gives, and what issuers, routes and forced levels look like on the way
 * out.
 */
export const issuerSettingsInput = {
  issuer: issuerSchema.shape.issuer,
  audiences: issuerSchema.shape.audiences.max(32),
  algorithms: issuerSchema.shape.algorithms,
  leewaySeconds: issuerSchema.shape.leewaySeconds,
  tenantClaim: issuerSchema.shape.tenantClaim,
};

export const issuerOutput = z.object({
  id: z.string(),
  issuer: z.string(),
  audiences: z.array(z.string()),
  algorithms: z.array(tokenAlgorithmSchema),
  leewaySeconds: z.int(),
  tenantClaim: z.string(),
  keys: z.array(
    z.object({
      kid: z.string(),
      kty: z.enum(['RSA', 'EC', 'OKP']),
      alg: tokenAlgorithmSchema,
      addedAt: z.string(),
      addedBy: z.string(),
    }),
  ),
  updatedAt: z.string(),
});

/**
 * A path prefix as an admin types it, made what the contract requires:
 * lower case, duplicate slashes collapsed, no trailing slash (gateways
 * ignore one), then checked by the contract's own rule.
 */
export const pathPrefixInput = z
  .string()
  .trim()
  .min(1)
  .max(512)
  .transform((path) => {
    const collapsed = path.toLowerCase().replace(/\/{2,}/g, '/');

    return collapsed.length > 1 ? collapsed.replace(/\/$/, '') : collapsed;
  })
  .pipe(routeSchema.shape.pathPrefix);

export const routeMethodsInput = z.array(httpMethodSchema).min(1).max(7);

export const routeOutput = z.object({
  id: z.string(),
  pathPrefix: z.string(),
  methods: z.array(httpMethodSchema).optional(),
  auth: routeSchema.shape.auth,
  timeoutMs: z.int(),
});

export const forcedLevelOutput = z.object({
  cellId: z.string(),
  level: degradationLevelSchema,
  reason: z.string(),
  forcedBy: z.string(),
});
