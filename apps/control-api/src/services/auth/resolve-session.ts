import { hashSessionToken } from '../../auth/session-token';
import type { ServiceDeps } from '../service-deps';
import { sessionUserSelect, type SessionUser } from './session-user';

/** The user of a live session, or null for an unknown or expired token. */
export async function resolveSession(
  deps: Pick<ServiceDeps, 'db'>,
  token: string,
): Promise<SessionUser | null> {
  const session = await deps.db.session.findUnique({
    where: { tokenHash: hashSessionToken(token) },
    select: { expiresAt: true, user: { select: sessionUserSelect } },
  });

  if (!session || session.expiresAt.getTime() <= Date.now()) return null;

  return session.user;
}
