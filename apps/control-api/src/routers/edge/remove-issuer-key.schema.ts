import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

import { issuerOutput } from './edge-views.schema';

export const removeIssuerKeyInput = z.strictObject({
  issuerId: idSchema,
  kid: z.string().min(1).max(128),
});

export const removeIssuerKeyOutput = issuerOutput;
