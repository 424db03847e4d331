import { actorOf } from '../../services/actor-of';
import { removeIssuerKey } from '../../services/edge/remove-issuer-key';
import { adminProcedure } from '../../trpc/procedures';
import {
  removeIssuerKeyInput,
  removeIssuerKeyOutput,
} from './remove-issuer-key.schema';

export const removeIssuerKeyProcedure = adminProcedure
  .input(removeIssuerKeyInput)
  .output(removeIssuerKeyOutput)
  .mutation(({ ctx, input }) =>
    removeIssuerKey(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
