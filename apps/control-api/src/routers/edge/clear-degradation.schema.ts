import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

export const clearDegradationInput = z.strictObject({
  cellId: idSchema,
  reason: z.string().trim().min(1).max(500).optional(),
});

export const clearDegradationOutput = z.object({ cellId: z.string() });
