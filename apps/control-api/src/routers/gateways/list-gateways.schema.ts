import { z } from 'zod';

export const listGatewaysOutput = z.array(
  z.object({
    gatewayId: z.string(),
    appliedVersion: z.int().nullable(),
    latestVersion: z.int().nullable(),
    lag: z.int(),
    lastAckAt: z.string().nullable(),
    lastNackVersion: z.int().nullable(),
    lastNackCode: z.string().nullable(),
    lastNackReason: z.string().nullable(),
    lastNackAt: z.string().nullable(),
    lastSeenAt: z.string(),
    stale: z.boolean(),
  }),
);
