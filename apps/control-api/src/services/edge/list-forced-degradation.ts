import type { DegradationLevel } from '@cellplane/contract';

import type { ServiceDeps } from '../service-deps';

/**
 * Every cell with the level an operator forced on it, if any. A cell not
 * forced gets, at each gateway, the level its instances' health gives it.
 */
export async function listForcedDegradation(deps: ServiceDeps) {
  const [cells, forced] = await Promise.all([
    deps.db.cell.findMany({
      orderBy: { id: 'asc' },
      select: { id: true, regionId: true, state: true },
    }),
    deps.db.forcedDegradation.findMany(),
  ]);
  const byCell = new Map(forced.map((row) => [row.cellId, row]));

  return cells.map((cell) => {
    const row = byCell.get(cell.id);

    return {
      cellId: cell.id,
      regionId: cell.regionId,
      cellState: cell.state,
      forced: row
        ? {
            level: row.level as DegradationLevel,
            reason: row.reason,
            forcedBy: row.forcedBy,
            forcedAt: row.createdAt.toISOString(),
          }
        : null,
    };
  });
}
