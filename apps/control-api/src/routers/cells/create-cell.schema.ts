import {
  cellSchema,
  cellStateSchema,
  idSchema,
  instanceSchema,
} from '@cellplane/contract';
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
  capacityRps: cellSchema.shape.capacityRps,
  weight: cellSchema.shape.weight.optional(),
  // A cell joins the ring as soon as it is created: with no instance, the
  // tenants the ring gives it would get 503 until one is added.
  instances: z
    .array(instanceInput)
    .min(1, 'a new cell needs at least one instance')
    .max(100)
    .refine(
      (instances) =>
        new Set(instances.map((i) => i.id)).size === instances.length,
      'instance ids must be unique',
    ),
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
