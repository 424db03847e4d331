import { actorOf } from '../../services/actor-of';
import { updateRoute } from '../../services/edge/update-route';
import { adminProcedure } from '../../trpc/procedures';
import { updateRouteInput, updateRouteOutput } from './update-route.schema';

export const updateRouteProcedure = adminProcedure
  .input(updateRouteInput)
  .output(updateRouteOutput)
  .mutation(({ ctx, input }) =>
    updateRoute(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
