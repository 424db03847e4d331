import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { routeSelect, routeView } from './route-view';

/**
 * Removes a route. Removing the last one drops the `routes` section, and
 * gateways go back to their implicit `/` route with token optional.
 */
export async function deleteRoute(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const row = await tx.edgeRoute.findUnique({
      where: { id: input.id },
      select: routeSelect,
    });
    if (!row) throw new AppError('ROUTE_NOT_FOUND', `no route ${input.id}`);

    await tx.edgeRoute.delete({ where: { id: input.id } });

    return {
      result: { id: input.id },
      audit: {
        action: 'route.delete',
        targetType: 'route',
        targetId: input.id,
        before: routeView(row),
      },
    };
  });
}
