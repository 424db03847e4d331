import { describe, expect, it } from 'vitest';

import { DecisionCache } from './decision-cache';

const input = (i: number) =>
  JSON.stringify({ method: 'GET', path: `/catalog/${i}`, tenant: 't-1' });

describe('DecisionCache', () => {
  it('remembers an input the second time it is offered', () => {
    const cache = new DecisionCache({
      maxChars: 1 << 20,
      maxInputChars: 4096,
    });

    expect(cache.offer(input(1), true)).toBe(false);
    expect(cache.get(input(1))).toBeUndefined();

    expect(cache.offer(input(1), true)).toBe(true);
    expect(cache.get(input(1))).toEqual({ result: true });
    expect(cache.get(input(2))).toBeUndefined();
  });

  it('remembers true, false and undefined, and evaluates any other value every time', () => {
    const cache = new DecisionCache({
      maxChars: 1 << 20,
      maxInputChars: 4096,
    });
    const answers: unknown[] = [false, undefined, { allow: 'maybe' }, 'yes', 1];
    answers.forEach((answer, i) => {
      cache.offer(input(10 + i), answer);
      cache.offer(input(10 + i), answer);
    });

    expect(cache.get(input(10))).toMatchObject({ result: false });
    expect(cache.get(input(11))).toBeDefined();
    expect(cache.get(input(11))?.result).toBeUndefined();
    expect(cache.get(input(12))).toBeUndefined();
    expect(cache.get(input(13))).toBeUndefined();
    expect(cache.get(input(14))).toBeUndefined();
  });

  it('never remembers an input longer than its bound', () => {
    const cache = new DecisionCache({
      maxChars: 1 << 20,
      maxInputChars: 64,
    });
    const long = JSON.stringify({ path: `/${'x'.repeat(100)}` });
    cache.offer(long, true);
    cache.offer(long, true);

    expect(cache.get(long)).toBeUndefined();
  });

  it('holds at most its characters, dropping the least recently used half', () => {
    // Room for 40 entries (key and entry): 20 per half.
    const cache = new DecisionCache({
      maxChars: (input(1000).length + 160) * 40,
      maxInputChars: 4096,
    });
    const remember = (i: number) => {
      cache.offer(input(i), true);
      cache.offer(input(i), true);
    };

    for (let i = 1000; i < 1040; i += 1) remember(i);
    expect(cache.size).toBeLessThanOrEqual(40);

    // Used again: moves back into the current half and outlives the rest.
    expect(cache.get(input(1001))).toBeDefined();
    for (let i = 2000; i < 2030; i += 1) remember(i);

    expect(cache.size).toBeLessThanOrEqual(40);
    expect(cache.get(input(1001))).toBeDefined();
    expect(cache.get(input(1000))).toBeUndefined();
    expect(cache.get(input(2029))).toBeDefined();
  });
});
