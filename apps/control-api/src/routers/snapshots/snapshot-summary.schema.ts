import { z } from 'zod';

/** A stored snapshot without its body, as lists show it. */
export const snapshotSummaryOutput = z.object({
  version: z.int(),
  hash: z.string(),
  keyId: z.string(),
  author: z.string(),
  cause: z.string(),
  createdAt: z.string(),
});
