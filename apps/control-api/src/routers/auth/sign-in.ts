import { sessionCookie } from '../../auth/session-cookie';
import { signIn } from '../../services/auth/sign-in';
import { publicProcedure } from '../../trpc/procedures';
import { signInInput, signInOutput } from './sign-in.schema';

export const signInProcedure = publicProcedure
  .input(signInInput)
  .output(signInOutput)
  .mutation(async ({ ctx, input }) => {
    const { user, token, expiresAt } = await signIn(ctx.deps, {
      ...input,
      clientAddress: ctx.clientAddress,
    });

    const maxAge = Math.floor((expiresAt.getTime() - Date.now()) / 1000);
    ctx.setCookie(sessionCookie(token, maxAge, ctx.deps.config.cookieSecure));

    return { user };
  });
