import { hashSessionToken } from '../../auth/session-token';
import type { ServiceDeps } from '../service-deps';

/** Ends the session of `token`; signing out twice is not an error. */
export async function signOut(deps: ServiceDeps, token: string): Promise<void> {
  await deps.db.session.deleteMany({
    where: { tokenHash: hashSessionToken(token) },
  });
}
