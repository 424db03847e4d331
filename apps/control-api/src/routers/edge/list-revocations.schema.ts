import { z } from 'zod';

export const revocationOutput = z.object({
  tokenId: z.string(),
  reason: z.string().nullable(),
  revokedBy: z.string(),
  revokedAt: z.string(),
});

export const listRevocationsInput = z.strictObject({
  limit: z.int().min(1).max(500).default(100),
});

export const listRevocationsOutput = z.object({
  total: z.int(),
  items: z.array(revocationOutput),
});
