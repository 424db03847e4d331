import { randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { SeenTokens } from './seen-tokens';

const token = () =>
  `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.${randomBytes(256).toString('base64url')}`;

describe('SeenTokens', () => {
  it('says a token is new the first time and seen the second', () => {
    const seen = new SeenTokens();
    const first = token();

    expect(seen.seenBefore(first)).toBe(false);
    expect(seen.seenBefore(first)).toBe(true);
    expect(seen.seenBefore(token())).toBe(false);
  });

  it('rarely takes a new token for a seen one, across resets', () => {
    const seen = new SeenTokens();
    let falsePositives = 0;
    const count = 400_000;
    for (let i = 0; i < count; i += 1) {
      if (seen.seenBefore(token())) falsePositives += 1;
    }

    expect(falsePositives / count).toBeLessThan(0.08);
  });

  it('keeps recognizing a token that keeps coming back after a reset', () => {
    const seen = new SeenTokens();
    const regular = token();
    seen.seenBefore(regular);
    for (let i = 0; i < 200_000; i += 1) seen.seenBefore(token());

    // Forgotten at most once per reset: seen again right after.
    seen.seenBefore(regular);
    expect(seen.seenBefore(regular)).toBe(true);
  });
});
