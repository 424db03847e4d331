import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

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
      .regex(
        /^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|[0-9a-f-]{36}$/,
        'not a cursor this procedure returned',
      )
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
