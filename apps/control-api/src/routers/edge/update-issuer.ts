import { actorOf } from '../../services/actor-of';
import { updateIssuer } from '../../services/edge/update-issuer';
import { adminProcedure } from '../../trpc/procedures';
import { updateIssuerInput, updateIssuerOutput } from './update-issuer.schema';

export const updateIssuerProcedure = adminProcedure
  .input(updateIssuerInput)
  .output(updateIssuerOutput)
  .mutation(({ ctx, input }) =>
    updateIssuer(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
