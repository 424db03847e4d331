import { actorOf } from '../../services/actor-of';
import { buildPolicy } from '../../services/policies/build-policy';
import { adminProcedure } from '../../trpc/procedures';
import { buildPolicyInput, buildPolicyOutput } from './build-policy.schema';

export const buildPolicyProcedure = adminProcedure
  .input(buildPolicyInput)
  .output(buildPolicyOutput)
  .mutation(({ ctx, input }) =>
    buildPolicy(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
