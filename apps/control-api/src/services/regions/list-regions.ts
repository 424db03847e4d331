import type { ServiceDeps } from '../service-deps';

export async function listRegions(deps: ServiceDeps) {
  const regions = await deps.db.region.findMany({
    orderBy: { id: 'asc' },
    select: {
      id: true,
      name: true,
      createdAt: true,
      _count: { select: { cells: true } },
    },
  });

  return regions.map((region) => ({
    id: region.id,
    name: region.name,
    cellCount: region._count.cells,
    createdAt: region.createdAt.toISOString(),
  }));
}
