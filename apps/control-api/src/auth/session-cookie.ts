export const SESSION_COOKIE = 'cp_session';

/** The session token from a Cookie header, or null. */
export function readSessionCookie(header: string | undefined): string | null {
  if (!header) return null;

  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE && rest.length > 0) {
      const value = rest.join('=');

      return /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : null;
    }
  }

  return null;
}

/**
 * The Set-Cookie value for a session: httpOnly so page scripts never see
 * it, SameSite=Lax so other sites cannot make the browser send it on a
 * cross-site POST. `maxAgeSeconds` 0 clears it.
 */
export function sessionCookie(
  token: string,
  maxAgeSeconds: number,
  secure: boolean,
): string {
  const attributes = [
    `${SESSION_COOKIE}=${token}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) attributes.push('Secure');

  return attributes.join('; ');
}
