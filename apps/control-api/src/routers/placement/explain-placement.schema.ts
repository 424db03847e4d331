import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const explainPlacementInput = z.strictObject({ tenantId: idSchema });

export const explainPlacementOutput = z.object({
  tenantId: z.string(),
  cellId: z.string(),
  regionId: z.string().nullable(),
  source: z.enum(['override', 'ring']),
  tenantHash: z.int(),
  vnode: z
    .object({ cellId: z.string(), index: z.int(), hash: z.int() })
    .optional(),
  override: z
    .object({
      cellId: z.string(),
      reason: z.string(),
      createdBy: z.string().nullable(),
      createdAt: z.string().nullable(),
    })
    .optional(),
  snapshotVersion: z.int(),
});
