import type { ServiceDeps } from '../service-deps';
import { routeSelect, routeView } from './route-view';

/** The edge routes, by path prefix (as gateways match, longest wins). */
export async function listRoutes(deps: ServiceDeps) {
  const rows = await deps.db.edgeRoute.findMany({
    orderBy: [{ pathPrefix: 'asc' }, { id: 'asc' }],
    select: routeSelect,
  });

  return rows.map(routeView);
}
