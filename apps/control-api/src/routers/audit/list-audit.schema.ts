import { z } from 'zod';

export const listAuditInput = z.strictObject({
  cursor: z
    .string()
    .regex(/^[0-9]{1,19}$/)
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
