import { actorOf } from '../../services/actor-of';
import { deleteRoute } from '../../services/edge/delete-route';
import { adminProcedure } from '../../trpc/procedures';
import { deleteRouteInput, deleteRouteOutput } from './delete-route.schema';

export const deleteRouteProcedure = adminProcedure
  .input(deleteRouteInput)
  .output(deleteRouteOutput)
  .mutation(({ ctx, input }) =>
    deleteRoute(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
