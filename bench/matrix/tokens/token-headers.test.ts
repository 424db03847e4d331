import { describe, expect, it } from 'vitest';

import { freshCountOf, tokenHeaders } from './token-headers';

const pool = [
  { tenant: 't-1', token: 'p1' },
  { tenant: 't-2', token: 'p2' },
];
const fresh = [
  { tenant: 't-1', token: 'f1' },
  { tenant: 't-2', token: 'f2' },
  { tenant: 't-1', token: 'f3' },
];

describe('tokenHeaders', () => {
  it('sends requests 0 and 1 of every 5 fresh tokens, the rest the pool in turn', () => {
    const headersOf = tokenHeaders(pool, fresh, 1, 2);
    const sent = Array.from({ length: 6 }, (_, i) => headersOf(i));

    expect(sent.map((h) => h.authorization)).toEqual([
      'Bearer f2',
      'Bearer f3',
      'Bearer p1',
      'Bearer p2',
      'Bearer p1',
      'Bearer f1',
    ]);
    expect(sent[0]!['x-tenant-id']).toBe('t-2');
  });

  it('needs fresh tokens when a share of requests takes them', () => {
    expect(() => tokenHeaders(pool, [], 0, 5)).toThrow(/fresh/);
  });
});

describe('freshCountOf', () => {
  it('counts the requests takesFresh gives a fresh token', () => {
    expect(freshCountOf(6_000, 2)).toBe(2_400);
    expect(freshCountOf(7, 2)).toBe(4);
    expect(freshCountOf(7, 5)).toBe(7);
  });
});
