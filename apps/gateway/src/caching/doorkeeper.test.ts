import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { Doorkeeper } from './doorkeeper';

const token = () =>
  `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.${randomBytes(256).toString('base64url')}`;

describe('Doorkeeper', () => {
  it('says a token is new the first time and seen the second', () => {
    const seen = new Doorkeeper({ lastChars: 32 });
    const first = token();

    expect(seen.seenBefore(first)).toBe(false);
    expect(seen.seenBefore(first)).toBe(true);
    expect(seen.seenBefore(token())).toBe(false);
  });

  it('rarely takes a new token for a seen one, across resets', () => {
    const seen = new Doorkeeper({ lastChars: 32 });
    let falsePositives = 0;
    const count = 400_000;
    for (let i = 0; i < count; i += 1) {
      if (seen.seenBefore(token())) falsePositives += 1;
    }

    expect(falsePositives / count).toBeLessThan(0.08);
  });

  it('keeps recognizing a token that keeps coming back after a reset', () => {
    const seen = new Doorkeeper({ lastChars: 32 });
    const regular = token();
    seen.seenBefore(regular);
    for (let i = 0; i < 200_000; i += 1) seen.seenBefore(token());

    // Forgotten at most once per reset: seen again right after.
    seen.seenBefore(regular);
    expect(seen.seenBefore(regular)).toBe(true);
  });

  it('tells apart long keys that differ in a character or two', () => {
    const seen = new Doorkeeper();
    const input = (i: number) =>
      JSON.stringify({
        method: 'GET',
        path: '/catalog',
        user: {
          sub: `user-${i}`,
          claims: { jti: `tok-${i}`, iat: 1_796_000_000 + i },
        },
      });

    let falsePositives = 0;
    const count = 100_000;
    for (let i = 0; i < count; i += 1) {
      if (seen.seenBefore(input(i))) falsePositives += 1;
    }
    expect(falsePositives / count).toBeLessThan(0.08);
    expect(seen.seenBefore(input(count - 1))).toBe(true);
  });
});
