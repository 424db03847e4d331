import { degradationLevelSchema, idSchema } from '@cellplane/contract';
import { z } from 'zod';

import { forcedLevelOutput } from './edge-views.schema';

export const forceDegradationInput = z.strictObject({
  cellId: idSchema,
  level: degradationLevelSchema,
  /** Why, for the audit log and whoever clears it later. */
  reason: z.string().trim().min(3, 'say why (at least 3 characters)').max(500),
});

export const forceDegradationOutput = forcedLevelOutput;
