import { createHash, randomBytes } from 'node:crypto';

/** A new session token: 256 random bits, URL-safe. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Sessions are stored by the SHA-256 of their token: a leaked sessions
 * table gives no usable cookie. The token has 256 bits of entropy, so a
 * fast hash is enough (unlike a password).
 */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
