import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const createRegionInput = z.strictObject({
  id: idSchema,
  name: z.string().trim().min(1).max(120),
});

export const createRegionOutput = z.object({
  id: z.string(),
  name: z.string(),
});
