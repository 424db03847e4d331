import { actorOf } from '../../services/actor-of';
import { forceDegradation } from '../../services/edge/force-degradation';
import { operatorProcedure } from '../../trpc/procedures';
import {
  forceDegradationInput,
  forceDegradationOutput,
} from './force-degradation.schema';

export const forceDegradationProcedure = operatorProcedure
  .input(forceDegradationInput)
  .output(forceDegradationOutput)
  .mutation(({ ctx, input }) =>
    forceDegradation(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
