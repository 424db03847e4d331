import { randomBytes, randomUUID } from 'node:crypto';

import { hashPassword, verifyPassword } from '@cellplane/db';

import { hashSessionToken, newSessionToken } from '../../auth/session-token';
import { AppError } from '../../errors/app-error';
import type { ServiceDeps } from '../service-deps';
import { sessionUserSelect, type SessionUser } from './session-user';

export interface SignInResult {
  readonly user: SessionUser;
  readonly token: string;
  readonly expiresAt: Date;
}

// Checked against when the email is unknown, so that an unknown email and
// a wrong password take the same time and give the same error.
let decoyHash: Promise<string> | null = null;

/**
 * Checks a password with the db package's scrypt helper and opens a
 * session, stored by the hash of its token.
 */
export async function signIn(
  deps: ServiceDeps,
  input: { email: string; password: string; clientAddress: string },
): Promise<SignInResult> {
  await deps.signInThrottle.check(input);

  const found = await deps.db.user.findUnique({
    where: { email: input.email.toLowerCase() },
    select: { ...sessionUserSelect, passwordHash: true },
  });

  decoyHash ??= hashPassword(randomBytes(24).toString('base64'));
  const storedHash = found?.passwordHash ?? (await decoyHash);
  const matches = await verifyPassword(input.password, storedHash);

  if (!found || !matches) {
    await deps.signInThrottle.recordFailure(input);
    throw new AppError(
      'AUTH_INVALID_CREDENTIALS',
      found ? 'sign-in with a wrong password' : 'sign-in for an unknown email',
    );
  }

  await deps.signInThrottle.clear(input);
  const { passwordHash: _hidden, ...user } = found;
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + deps.config.sessionTtlMs);

  await deps.db.session.create({
    data: {
      id: randomUUID(),
      tokenHash: hashSessionToken(token),
      userId: user.id,
      expiresAt,
    },
  });

  return { user, token, expiresAt };
}
