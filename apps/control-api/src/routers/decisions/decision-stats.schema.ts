import { z } from 'zod';

export const decisionStatsInput = z
  .strictObject({ minutes: z.int().min(1).max(1440).default(60) })
  .default({ minutes: 60 });

const count = z.int().min(0);

export const decisionStatsOutput = z.object({
  minutes: z.array(
    z.object({
      minute: z.string(),
      allow: count,
      deny: count,
      error: count,
      p99Us: z.number().nullable(),
    }),
  ),
  totals: z.object({ allow: count, deny: count, error: count }),
  p50Us: z.number().nullable(),
  p99Us: z.number().nullable(),
  dropped: count,
  droppedByGateway: z.array(
    z.object({ gatewayId: z.string(), dropped: count }),
  ),
});
