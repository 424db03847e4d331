import { describe, expect, it } from 'vitest';

import { readSessionCookie, sessionCookie } from './session-cookie';

describe('session cookie', () => {
  it('reads cp_session among other cookies', () => {
    const token = 'a'.repeat(43);

    expect(readSessionCookie(`theme=dark; cp_session=${token}; x=1`)).toBe(
      token,
    );
    expect(readSessionCookie('theme=dark')).toBeNull();
    expect(readSessionCookie(undefined)).toBeNull();
  });

  it('ignores a value that cannot be a token', () => {
    expect(readSessionCookie('cp_session=short')).toBeNull();
    expect(readSessionCookie(`cp_session=${'a'.repeat(40)}%27`)).toBeNull();
  });

  it('is httpOnly and SameSite=Lax, Secure only when asked', () => {
    expect(sessionCookie('t', 60, false)).toBe(
      'cp_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60',
    );
    expect(sessionCookie('t', 60, true)).toMatch(/; Secure$/);
  });
});
