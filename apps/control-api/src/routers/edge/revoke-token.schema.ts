import { identitySchema } from '@cellplane/contract';
import { z } from 'zod';

import { revocationOutput } from './list-revocations.schema';

export const tokenIdInput = identitySchema.shape.revokedTokenIds.element;

export const revokeTokenInput = z.strictObject({
  tokenId: tokenIdInput,
  reason: z.string().trim().min(1).max(500).optional(),
});

export const revokeTokenOutput = revocationOutput;
