import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

const cursorTimeSchema = z.iso.datetime();
const cursorIdSchema = z.guid();

/**
 * `<ISO time>|<row id>` as `nextCursor` writes it, with a real calendar
 * time and a UUID: anything else would reach the query as an Invalid Date
 * or a malformed uuid.
 */
function isDecisionCursor(cursor: string): boolean {
  const parts = cursor.split('|');

  return (
    parts.length === 2 &&
    cursorTimeSchema.safeParse(parts[0]).success &&
    cursorIdSchema.safeParse(parts[1]).success
  );
}

const resultSchema = z.enum(['allow', 'deny', 'error']);

export const listDecisionsInput = z
  .strictObject({
    result: resultSchema.optional(),
    tenantId: idSchema.optional(),
    gatewayId: idSchema.optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),
    cursor: z
      .string()
      .max(100)
      .refine(isDecisionCursor, 'not a cursor this procedure returned')
      .optional(),
    limit: z.int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });

export const listDecisionsOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      gatewayId: z.string(),
      requestId: z.string(),
      revision: z.string(),
      entrypoint: z.string(),
      result: resultSchema,
      reason: z.string().nullable(),
      inputDigest: z.string(),
      durationUs: z.number(),
      tenantId: z.string().nullable(),
      cellId: z.string().nullable(),
      method: z.string(),
      path: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});
