import { actorOf } from '../../services/actor-of';
import { addIssuerKey } from '../../services/edge/add-issuer-key';
import { adminProcedure } from '../../trpc/procedures';
import { addIssuerKeyInput, addIssuerKeyOutput } from './add-issuer-key.schema';

export const addIssuerKeyProcedure = adminProcedure
  .input(addIssuerKeyInput)
  .output(addIssuerKeyOutput)
  .mutation(({ ctx, input }) =>
    addIssuerKey(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
