import { z } from 'zod';

import { identitySchema, limitsSchema, routeSchema } from './edge-schema';
import { idSchema } from './id-schema';
import { degradationSectionSchema, policySectionSchema } from './policy-schema';

export { idSchema };

export const cellStateSchema = z.enum(['active', 'draining', 'failed']);
export type CellState = z.infer<typeof cellStateSchema>;

export const tenantTierSchema = z.enum(['free', 'standard', 'enterprise']);
export type TenantTier = z.infer<typeof tenantTierSchema>;

export const overrideReasonSchema = z.enum([
  'pinned',
  'rebalanced',
  'migrated',
]);
export type OverrideReason = z.infer<typeof overrideReasonSchema>;

export const regionSchema = z.strictObject({
  id: idSchema,
  name: z.string().min(1).max(120),
});

export const instanceSchema = z.strictObject({
  id: idSchema,
  url: z
    .url({ protocol: /^https?$/ })
    .refine((url) => !/^https?:\/\/[^/]*@/.test(url), {
      message: 'must not carry credentials (user:password@)',
    })
    .describe('base URL of one upstream process of the cell'),
  weight: z.int().min(1).max(1000),
});

export const cellSchema = z.strictObject({
  id: idSchema,
  regionId: idSchema,
  capacityRps: z.int().min(1).max(10_000_000),
  weight: z.number().min(0.01).max(100),
  state: cellStateSchema,
  instances: z.array(instanceSchema),
});

export const tenantSchema = z.strictObject({
  id: idSchema,
  tier: tenantTierSchema,
});

export const overrideSchema = z.strictObject({
  tenantId: idSchema,
  cellId: idSchema,
  reason: overrideReasonSchema,
});

export const ringSettingsSchema = z.strictObject({
  virtualNodes: z.int().min(1).max(10_000),
  referenceCapacityRps: z.int().min(1),
});

/**
 * The whole configuration a gateway needs to serve requests. Version 1 of the
 * body; `schemaVersion` changes only when a consumer must refuse what it
 * cannot understand.
 */
export const snapshotBodySchema = z.strictObject({
  schemaVersion: z.literal(1),
  version: z.int().min(1),
  builtAt: z.iso.datetime(),
  regions: z.array(regionSchema),
  cells: z.array(cellSchema),
  tenants: z.array(tenantSchema),
  overrides: z.array(overrideSchema),
  ring: ringSettingsSchema,
  identity: identitySchema.optional(),
  routes: z.array(routeSchema).max(1_000).optional(),
  limits: limitsSchema.optional(),
  policy: policySectionSchema.optional(),
  degradation: degradationSectionSchema.optional(),
});

export type Region = z.infer<typeof regionSchema>;
export type Instance = z.infer<typeof instanceSchema>;
export type Cell = z.infer<typeof cellSchema>;
export type Tenant = z.infer<typeof tenantSchema>;
export type Override = z.infer<typeof overrideSchema>;
export type RingSettings = z.infer<typeof ringSettingsSchema>;
export type SnapshotBody = z.infer<typeof snapshotBodySchema>;

/**
 * What travels between planes: the body, its content hash and the control
 * plane's Ed25519 signature over that hash.
 */
export const snapshotEnvelopeSchema = z.strictObject({
  hash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  signature: z.base64(),
  body: z.unknown(),
});

export type SnapshotEnvelope = Omit<
  z.infer<typeof snapshotEnvelopeSchema>,
  'body'
> & { body: SnapshotBody };
