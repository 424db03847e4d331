import type { GatewayReport } from '@cellplane/contract';

import type { Db } from '../../db/db-types';

/**
 * Folds one gateway report into its status row. `lastSeenAt` is the
 * control plane's clock, not the gateway's, so staleness does not depend
 * on clock skew.
 */
export async function recordReport(
  db: Db,
  report: GatewayReport,
): Promise<void> {
  const now = new Date();
  const fields = {
    lastSeenAt: now,
    ...(report.kind === 'ack'
      ? {
          appliedVersion: report.version,
          lastAckVersion: report.version,
          lastAckAt: now,
        }
      : { appliedVersion: report.appliedVersion }),
    ...(report.kind === 'nack'
      ? {
          lastNackVersion: report.version,
          lastNackCode: report.code ?? 'UNKNOWN',
          lastNackReason: report.reason ?? null,
          lastNackAt: now,
        }
      : {}),
  };

  await db.gatewayStatus.upsert({
    where: { gatewayId: report.gatewayId },
    create: { gatewayId: report.gatewayId, ...fields },
    update: fields,
  });
}
