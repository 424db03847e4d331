import type { SessionUser } from './auth/session-user';
import type { Actor } from './service-deps';

/** The audit identity of a signed-in user making a change. */
export function actorOf(user: SessionUser, requestId: string): Actor {
  return { id: user.id, email: user.email, requestId };
}
