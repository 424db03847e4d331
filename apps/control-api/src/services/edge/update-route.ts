import type { Route } from '@cellplane/contract';

import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { checkNoRouteOverlap } from './route-overlap';
import { routeSelect, routeView } from './route-view';

/**
 * Changes a route's prefix, methods, auth or timeout. `methods: null`
 * makes it cover every method again.
 */
export async function updateRoute(
  deps: ServiceDeps,
  actor: Actor,
  input: Partial<Omit<Route, 'methods'>> & {
    id: string;
    methods?: Route['methods'] | null;
  },
) {
  return commitChange(deps, actor, async (tx) => {
    const row = await tx.edgeRoute.findUnique({
      where: { id: input.id },
      select: routeSelect,
    });
    if (!row) throw new AppError('ROUTE_NOT_FOUND', `no route ${input.id}`);

    const methods =
      input.methods === undefined
        ? row.methods
        : [...new Set(input.methods ?? [])];
    const pathPrefix = input.pathPrefix ?? row.pathPrefix;
    await checkNoRouteOverlap(tx, { id: row.id, pathPrefix, methods });

    const updated = await tx.edgeRoute.update({
      where: { id: row.id },
      data: {
        pathPrefix,
        methods,
        ...(input.auth && { auth: input.auth }),
        ...(input.timeoutMs && { timeoutMs: input.timeoutMs }),
      },
      select: routeSelect,
    });
    const after = routeView(updated);

    return {
      result: after,
      audit: {
        action: 'route.update',
        targetType: 'route',
        targetId: row.id,
        before: routeView(row),
        after,
      },
    };
  });
}
