import { actorOf } from '../../services/actor-of';
import { deleteIssuer } from '../../services/edge/delete-issuer';
import { adminProcedure } from '../../trpc/procedures';
import { deleteIssuerInput, deleteIssuerOutput } from './delete-issuer.schema';

export const deleteIssuerProcedure = adminProcedure
  .input(deleteIssuerInput)
  .output(deleteIssuerOutput)
  .mutation(({ ctx, input }) =>
    deleteIssuer(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
