import { loadLatestVersion } from '../../publish/load-snapshot';
import type { ServiceDeps } from '../service-deps';

/**
 * The gateway fleet: what each applied, how far behind the latest version
 * it is, its last NACK, and whether it is stale (silent for longer than
 * `gatewayStaleMs`).
 */
export async function listGateways(deps: ServiceDeps) {
  const [rows, latestVersion] = await Promise.all([
    deps.db.gatewayStatus.findMany({ orderBy: { gatewayId: 'asc' } }),
    loadLatestVersion(deps.db),
  ]);
  const now = Date.now();
  const iso = (date: Date | null) => date?.toISOString() ?? null;

  return rows.map((row) => ({
    gatewayId: row.gatewayId,
    appliedVersion: row.appliedVersion,
    latestVersion,
    lag:
      latestVersion === null
        ? 0
        : Math.max(0, latestVersion - (row.appliedVersion ?? 0)),
    lastAckAt: iso(row.lastAckAt),
    lastNackVersion: row.lastNackVersion,
    lastNackCode: row.lastNackCode,
    lastNackReason: row.lastNackReason,
    lastNackAt: iso(row.lastNackAt),
    lastSeenAt: row.lastSeenAt.toISOString(),
    stale: now - row.lastSeenAt.getTime() > deps.config.gatewayStaleMs,
  }));
}
