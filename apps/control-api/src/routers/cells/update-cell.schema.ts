import { cellSchema, idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const updateCellInput = z
  .strictObject({
    id: idSchema,
    capacityRps: cellSchema.shape.capacityRps.optional(),
    weight: cellSchema.shape.weight.optional(),
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
