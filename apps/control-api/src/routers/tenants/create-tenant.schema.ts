import { idSchema, tenantTierSchema } from '@cellplane/contract';
import { z } from 'zod';

export const createTenantInput = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(120),
  tier: tenantTierSchema,
});

export const createTenantOutput = z.object({
  id: z.string(),
  name: z.string(),
  tier: tenantTierSchema,
});
