import { cellStateSchema } from '@cellplane/contract';
import { z } from 'zod';

export const listCellsOutput = z.array(
  z.object({
    id: z.string(),
    region: z.object({ id: z.string(), name: z.string() }),
    state: cellStateSchema,
    capacityRps: z.int(),
    weight: z.number(),
    tenantCount: z.int(),
    instances: z.array(
      z.object({
        id: z.string(),
        url: z.string(),
        weight: z.int(),
        health: z.enum(['up', 'down', 'unknown']),
        checkedAt: z.string().nullable(),
      }),
    ),
  }),
);
