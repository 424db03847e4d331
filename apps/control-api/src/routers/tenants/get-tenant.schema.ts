import {
  idSchema,
  overrideReasonSchema,
  tenantTierSchema,
} from '@cellplane/contract';
import { z } from 'zod';

export const getTenantInput = z.strictObject({ id: idSchema });

export const getTenantOutput = z.object({
  id: z.string(),
  name: z.string(),
  tier: tenantTierSchema,
  createdAt: z.string(),
  cellId: z.string().nullable(),
  override: z
    .object({
      cellId: z.string(),
      reason: overrideReasonSchema,
      createdBy: z.string(),
      createdAt: z.string(),
    })
    .nullable(),
});
