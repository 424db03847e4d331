import { actorOf } from '../../services/actor-of';
import { addIssuerKey } from '../../services/edge/add-issuer-key';
import { refusePrivateJwk } from '../../services/edge/issuer-keys';
import { adminProcedure } from '../../trpc/procedures';
import { addIssuerKeyInput, addIssuerKeyOutput } from './add-issuer-key.schema';

export const addIssuerKeyProcedure = adminProcedure
  // Before the input schema: a pasted private key is refused as such even
  // when something else in the call is wrong too.
  .use(async ({ getRawInput, next }) => {
    const raw = await getRawInput();
    const jwk = isObject(raw) ? raw.jwk : undefined;
    if (isObject(jwk)) refusePrivateJwk(jwk);

    return next();
  })
  .input(addIssuerKeyInput)
  .output(addIssuerKeyOutput)
  .mutation(({ ctx, input }) =>
    addIssuerKey(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
