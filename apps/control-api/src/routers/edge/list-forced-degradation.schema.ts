import { cellStateSchema, degradationLevelSchema } from '@cellplane/contract';
import { z } from 'zod';

export const listForcedDegradationOutput = z.array(
  z.object({
    cellId: z.string(),
    regionId: z.string(),
    cellState: cellStateSchema,
    forced: z
      .object({
        level: degradationLevelSchema,
        reason: z.string(),
        forcedBy: z.string(),
        forcedAt: z.string(),
      })
      .nullable(),
  }),
);
