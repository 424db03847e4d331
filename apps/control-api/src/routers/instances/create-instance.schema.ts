import { idSchema, instanceSchema } from '@cellplane/contract';
import { z } from 'zod';

export const createInstanceInput = z.strictObject({
  id: idSchema,
  cellId: idSchema,
  url: instanceSchema.shape.url,
  weight: instanceSchema.shape.weight.optional(),
});

export const createInstanceOutput = z.object({
  id: z.string(),
  cellId: z.string(),
  url: z.string(),
  weight: z.int(),
});
