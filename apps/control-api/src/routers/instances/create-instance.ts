import { actorOf } from '../../services/actor-of';
import { createInstance } from '../../services/instances/create-instance';
import { operatorProcedure } from '../../trpc/procedures';
import {
  createInstanceInput,
  createInstanceOutput,
} from './create-instance.schema';

export const createInstanceProcedure = operatorProcedure
  .input(createInstanceInput)
  .output(createInstanceOutput)
  .mutation(({ ctx, input }) =>
    createInstance(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
