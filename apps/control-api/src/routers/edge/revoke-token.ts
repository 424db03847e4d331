import { actorOf } from '../../services/actor-of';
import { revokeToken } from '../../services/edge/revoke-token';
import { operatorProcedure } from '../../trpc/procedures';
import { revokeTokenInput, revokeTokenOutput } from './revoke-token.schema';

export const revokeTokenProcedure = operatorProcedure
  .input(revokeTokenInput)
  .output(revokeTokenOutput)
  .mutation(({ ctx, input }) =>
    revokeToken(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
