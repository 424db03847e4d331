import { z } from 'zod';

/** Largest Postgres bigint: a larger cursor would fail in the query. */
const MAX_BIGINT_ID = 2n ** 63n - 1n;

export const listAuditInput = z.strictObject({
  cursor: z
    .string()
    .refine(
      (cursor) =>
        /^[0-9]{1,19}$/.test(cursor) && BigInt(cursor) <= MAX_BIGINT_ID,
      'not a cursor this procedure returned',
    )
    .optional(),
  limit: z.int().min(1).max(200).default(50),
});

export const listAuditOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      actorId: z.string(),
      actorEmail: z.string(),
      action: z.string(),
      targetType: z.string(),
      targetId: z.string(),
      before: z.unknown(),
      after: z.unknown(),
      requestId: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
