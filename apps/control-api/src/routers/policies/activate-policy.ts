import { actorOf } from '../../services/actor-of';
import { activatePolicy } from '../../services/policies/activate-policy';
import { adminProcedure } from '../../trpc/procedures';
import {
  activatePolicyInput,
  activatePolicyOutput,
} from './activate-policy.schema';

export const activatePolicyProcedure = adminProcedure
  .input(activatePolicyInput)
  .output(activatePolicyOutput)
  .mutation(({ ctx, input }) =>
    activatePolicy(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
