import { actorOf } from '../../services/actor-of';
import { createRoute } from '../../services/edge/create-route';
import { adminProcedure } from '../../trpc/procedures';
import { createRouteInput, createRouteOutput } from './create-route.schema';

export const createRouteProcedure = adminProcedure
  .input(createRouteInput)
  .output(createRouteOutput)
  .mutation(({ ctx, input }) =>
    createRoute(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
