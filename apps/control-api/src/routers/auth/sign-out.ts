import { sessionCookie } from '../../auth/session-cookie';
import { signOut } from '../../services/auth/sign-out';
import { publicProcedure } from '../../trpc/procedures';
import { signOutOutput } from './sign-out.schema';

export const signOutProcedure = publicProcedure
  .output(signOutOutput)
  .mutation(async ({ ctx }) => {
    if (ctx.sessionToken) await signOut(ctx.deps, ctx.sessionToken);

    ctx.setCookie(sessionCookie('', 0, ctx.deps.config.cookieSecure));

    return { signedOut: ctx.sessionToken !== null };
  });
