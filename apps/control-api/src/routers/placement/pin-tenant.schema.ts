import { idSchema, overrideReasonSchema } from '@cellplane/contract';
import { z } from 'zod';

export const pinTenantInput = z.strictObject({
  tenantId: idSchema,
  cellId: idSchema,
});

export const pinTenantOutput = z.object({
  tenantId: z.string(),
  cellId: z.string(),
  reason: overrideReasonSchema,
  createdBy: z.string(),
});
