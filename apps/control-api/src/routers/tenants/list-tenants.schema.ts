import { idSchema, tenantTierSchema } from '@cellplane/contract';
import { z } from 'zod';

export const listTenantsInput = z.strictObject({
  search: z.string().trim().max(120).optional(),
  cellId: idSchema.optional(),
  cursor: idSchema.optional(),
  limit: z.int().min(1).max(200).default(50),
});

export const listTenantsOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      tier: tenantTierSchema,
      createdAt: z.string(),
      cellId: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
