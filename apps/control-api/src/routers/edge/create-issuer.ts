import { actorOf } from '../../services/actor-of';
import { createIssuer } from '../../services/edge/create-issuer';
import { adminProcedure } from '../../trpc/procedures';
import { createIssuerInput, createIssuerOutput } from './create-issuer.schema';

export const createIssuerProcedure = adminProcedure
  .input(createIssuerInput)
  .output(createIssuerOutput)
  .mutation(({ ctx, input }) =>
    createIssuer(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
