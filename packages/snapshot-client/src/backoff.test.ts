import { describe, expect, it } from 'vitest';

import { backoffDelay } from './backoff';

const options = { initialMs: 250, maxMs: 10_000 };

describe('backoffDelay', () => {
  it('stays between 250 ms and 10 s whatever the jitter', () => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      for (const random of [0, 0.5, 0.999999]) {
        const delay = backoffDelay(attempt, options, () => random);
        expect(delay).toBeGreaterThanOrEqual(250);
        expect(delay).toBeLessThanOrEqual(10_000);
      }
    }
  });

  it('doubles the step per attempt until the cap', () => {
    const top = (attempt: number) => backoffDelay(attempt, options, () => 1);

    expect([0, 1, 2, 3, 6, 20].map(top)).toEqual([
      250, 500, 1000, 2000, 10_000, 10_000,
    ]);
  });

  it('spreads delays with jitter over the upper half of the step', () => {
    expect(backoffDelay(4, options, () => 0)).toBe(2000);
    expect(backoffDelay(4, options, () => 1)).toBe(4000);
  });
});
