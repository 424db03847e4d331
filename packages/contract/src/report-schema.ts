import { z } from 'zod';

import { idSchema } from './id-schema';

/**
 * A gateway's asynchronous report to the control plane: it applied a version
 * (ack), refused one (nack, with the code and reason), or is still alive
 * (heartbeat).
 */
export const gatewayReportSchema = z.strictObject({
  gatewayId: idSchema,
  kind: z.enum(['ack', 'nack', 'heartbeat']),
  version: z.int().min(0),
  appliedVersion: z.int().min(0).nullable(),
  code: z.string().max(64).optional(),
  reason: z.string().max(2000).optional(),
  at: z.iso.datetime(),
});

export type GatewayReport = z.infer<typeof gatewayReportSchema>;
