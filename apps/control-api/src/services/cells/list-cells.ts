import type { HealthRecord } from '../../jobs/instance-health/health-store';
import { placementOf } from '../placement/placement-of';
import type { ServiceDeps } from '../service-deps';

/**
 * Cells with their region, instances (merged with the latest health probe)
 * and the number of tenants the latest snapshot places on each.
 */
export async function listCells(deps: ServiceDeps) {
  const [cells, health] = await Promise.all([
    deps.db.cell.findMany({
      orderBy: { id: 'asc' },
      include: {
        region: { select: { id: true, name: true } },
        instances: { orderBy: { id: 'asc' } },
      },
    }),
    // Health is an extra: with Redis down the topology still lists, with
    // every instance `unknown`.
    deps.health.readAll().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'instance health unavailable');

      return new Map<string, HealthRecord>();
    }),
  ]);

  const snapshot = deps.feed.latest();
  const tenantsByCell = snapshot ? placementOf(snapshot).tenantsByCell : null;

  return cells.map((cell) => ({
    id: cell.id,
    region: cell.region,
    state: cell.state,
    capacityRps: cell.capacityRps,
    weight: cell.weight,
    tenantCount: tenantsByCell?.get(cell.id)?.length ?? 0,
    instances: cell.instances.map((instance) => {
      const probe = health.get(instance.id);

      return {
        id: instance.id,
        url: instance.url,
        weight: instance.weight,
        health: probe?.health ?? 'unknown',
        checkedAt: probe?.checkedAt ?? null,
      };
    }),
  }));
}
