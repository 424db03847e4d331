import { cellStateSchema, idSchema, instanceSchema } from '@cellplane/contract';
import { z } from 'zod';

/** Fields of an instance as a form sends them; weight defaults to 1. */
export const instanceInput = z.strictObject({
  id: idSchema,
  url: instanceSchema.shape.url,
  weight: instanceSchema.shape.weight.optional(),
});

export const createCellInput = z.strictObject({
  id: idSchema,
  regionId: idSchema,
  capacityRps: z.int().min(1).max(10_000_000),
  weight: z.number().positive().max(100).optional(),
  instances: z
    .array(instanceInput)
    .max(100)
    .refine(
      (instances) =>
        new Set(instances.map((i) => i.id)).size === instances.length,
      'instance ids must be unique',
    )
    .optional(),
});

export const createCellOutput = z.object({
  id: z.string(),
  regionId: z.string(),
  capacityRps: z.int(),
  weight: z.number(),
  state: cellStateSchema,
  instances: z.array(
    z.object({ id: z.string(), url: z.string(), weight: z.int() }),
  ),
});
