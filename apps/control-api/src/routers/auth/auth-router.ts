import { router } from '../../trpc/procedures';
import { meProcedure } from './me';
import { signInProcedure } from './sign-in';
import { signOutProcedure } from './sign-out';

export const authRouter = router({
  signIn: signInProcedure,
  signOut: signOutProcedure,
  me: meProcedure,
});
