import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const updateCellInput = z
  .strictObject({
    id: idSchema,
    capacityRps: z.int().min(1).max(10_000_000).optional(),
    weight: z.number().positive().max(100).optional(),
  })
  .refine(
    (input) => input.capacityRps !== undefined || input.weight !== undefined,
    { message: 'give capacityRps, weight or both', path: ['capacityRps'] },
  );

export const updateCellOutput = z.object({
  id: z.string(),
  capacityRps: z.int(),
  weight: z.number(),
});
