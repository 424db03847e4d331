import { actorOf } from '../../services/actor-of';
import { clearDegradation } from '../../services/edge/clear-degradation';
import { operatorProcedure } from '../../trpc/procedures';
import {
  clearDegradationInput,
  clearDegradationOutput,
} from './clear-degradation.schema';

export const clearDegradationProcedure = operatorProcedure
  .input(clearDegradationInput)
  .output(clearDegradationOutput)
  .mutation(({ ctx, input }) =>
    clearDegradation(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
