import { actorOf } from '../../services/actor-of';
import { removeInstance } from '../../services/instances/remove-instance';
import { operatorProcedure } from '../../trpc/procedures';
import {
  removeInstanceInput,
  removeInstanceOutput,
} from './remove-instance.schema';

export const removeInstanceProcedure = operatorProcedure
  .input(removeInstanceInput)
  .output(removeInstanceOutput)
  .mutation(({ ctx, input }) =>
    removeInstance(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
