import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';

import { proxy } from './proxy';

/** The `x-forwarded-for` the rewrite sends on to the control-api. */
function forwardedFor(incoming?: string): string | null {
  const headers = new Headers();
  if (incoming !== undefined) headers.set('x-forwarded-for', incoming);

  const response = proxy(
    new NextRequest('http://127.0.0.1:3000/trpc/auth.signIn', { headers }),
  );

  return response.headers.get('x-middleware-request-x-forwarded-for');
}

describe('console proxy', () => {
  it('sends the hop nearest to it as the browser address', () => {
    expect(forwardedFor('198.51.100.4')).toBe('198.51.100.4');
    expect(forwardedFor('10.0.0.1, 203.0.113.5')).toBe('203.0.113.5');
  });

  it('sends no address when it has none', () => {
    expect(forwardedFor()).toBeNull();
  });
});
