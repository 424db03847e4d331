import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { DeadlineQueue, type Expiring } from './deadline-queue';

let now = 0;
const expired: string[] = [];

function entry(name: string, deadlineAt: number): Expiring {
  return {
    deadlineAt,
    previousDue: null,
    nextDue: null,
    expire: () => expired.push(name),
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  now = 0;
  expired.length = 0;
});

afterEach(() => vi.useRealTimers());

/** Moves the queue's clock and the timers together. */
function advance(ms: number): void {
  now += ms;
  vi.advanceTimersByTime(ms);
}

describe('DeadlineQueue', () => {
  it('expires entries once their deadline has passed, within the slack', () => {
    const queue = new DeadlineQueue(() => now, 5);
    queue.add(entry('a', 100), 100);
    advance(10);
    queue.add(entry('b', 110), 100);

    advance(89);
    expect(expired).toEqual([]);

    advance(6);
    expect(expired).toEqual(['a']);

    advance(15);
    expect(expired).toEqual(['a', 'b']);
  });

  it('never expires an entry removed before its deadline, wherever it sits', () => {
    const queue = new DeadlineQueue(() => now, 0);
    const first = entry('first', 50);
    const middle = entry('middle', 50);
    const last = entry('last', 50);
    for (const e of [first, middle, last]) queue.add(e, 50);

    queue.remove(middle, 50);
    queue.remove(first, 50);
    queue.remove(first, 50);

    advance(60);
    expect(expired).toEqual(['last']);
  });

  it('keeps one queue per timeout, so a short timeout is not held behind a long one', () => {
    const queue = new DeadlineQueue(() => now, 0);
    queue.add(entry('long', 1000), 1000);
    queue.add(entry('short', 20), 20);

    advance(25);
    expect(expired).toEqual(['short']);

    advance(1000);
    expect(expired).toEqual(['short', 'long']);
  });
});
