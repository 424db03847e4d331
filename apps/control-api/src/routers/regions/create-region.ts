import { actorOf } from '../../services/actor-of';
import { createRegion } from '../../services/regions/create-region';
import { adminProcedure } from '../../trpc/procedures';
import { createRegionInput, createRegionOutput } from './create-region.schema';

export const createRegionProcedure = adminProcedure
  .input(createRegionInput)
  .output(createRegionOutput)
  .mutation(({ ctx, input }) =>
    createRegion(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
