import type { ServiceDeps } from '../service-deps';
import { placementOf } from './placement-of';

/** Tenants per cell by the latest snapshot's placement. */
export function getDistribution(deps: ServiceDeps) {
  const snapshot = deps.feed.latest();
  if (!snapshot) return [];

  const { tenantsByCell } = placementOf(snapshot);

  return snapshot.envelope.body.cells.map((cell) => ({
    cellId: cell.id,
    regionId: cell.regionId,
    tenants: tenantsByCell.get(cell.id)?.length ?? 0,
  }));
}
