import { describe, expect, it } from 'vitest';

import {
  FreshCursor,
  MIXED_FRESH_PER_FIVE,
  takesFresh,
  UNIQUE_FRESH_PER_FIVE,
} from './token-supply';

describe('takesFresh', () => {
  it('gives 2 in 5 requests a fresh token in the mixed model (60 % reuse)', () => {
    const fresh = Array.from({ length: 1000 }, (_, i) =>
      takesFresh(i, MIXED_FRESH_PER_FIVE),
    ).filter(Boolean).length;

    expect(fresh).toBe(400);
  });

  it('gives every request a fresh token when all are unique', () => {
    expect(
      Array.from({ length: 7 }, (_, i) => takesFresh(i, UNIQUE_FRESH_PER_FIVE)),
    ).toEqual(Array(7).fill(true));
  });
});

describe('FreshCursor', () => {
  it('starts each run where the last one stopped', () => {
    const cursor = new FreshCursor(100);
    cursor.advance(30);
    cursor.advance(25);

    expect(cursor.start).toBe(55);
    expect(cursor.reused).toBe(0);
  });

  it('wraps around and counts every token handed out again', () => {
    const cursor = new FreshCursor(100);
    cursor.advance(90);
    cursor.advance(30);

    expect(cursor.start).toBe(20);
    expect(cursor.reused).toBe(20);

    cursor.advance(100);
    expect(cursor.reused).toBe(120);
  });
});
