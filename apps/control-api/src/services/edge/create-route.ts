import type { Route } from '@cellplane/contract';

import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { checkNoRouteOverlap } from './route-overlap';
import { routeSelect, routeView } from './route-view';

/**
 * Adds a route. The first route turns the `routes` section on: from then
 * on a path no route covers is 404 at every gateway, so a catch-all `/`
 * route usually comes first (docs/OPERATIONS.md).
 */
export async function createRoute(
  deps: ServiceDeps,
  actor: Actor,
  input: Route,
) {
  const methods = [...new Set(input.methods ?? [])];

  try {
    return await commitChange(deps, actor, async (tx) => {
      await checkNoRouteOverlap(tx, { ...input, methods });
      const row = await tx.edgeRoute.create({
        data: { ...input, methods },
        select: routeSelect,
      });
      const after = routeView(row);

      return {
        result: after,
        audit: {
          action: 'route.create',
          targetType: 'route',
          targetId: input.id,
          after,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ROUTE_EXISTS', `route ${input.id} exists`, {
        cause: error,
      });
    }
    throw error;
  }
}
