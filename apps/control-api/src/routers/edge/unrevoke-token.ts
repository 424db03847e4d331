import { actorOf } from '../../services/actor-of';
import { unrevokeToken } from '../../services/edge/unrevoke-token';
import { adminProcedure } from '../../trpc/procedures';
import {
  unrevokeTokenInput,
  unrevokeTokenOutput,
} from './unrevoke-token.schema';

export const unrevokeTokenProcedure = adminProcedure
  .input(unrevokeTokenInput)
  .output(unrevokeTokenOutput)
  .mutation(({ ctx, input }) =>
    unrevokeToken(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
