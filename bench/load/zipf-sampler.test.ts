import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { seededRandom } from './seeded-random';
import { createZipfSampler } from './zipf-sampler';

describe('createZipfSampler', () => {
  it('gives rank k a probability of (k+1)^-s / H(n, s)', () => {
    const zipf = createZipfSampler(10_000, 1.1);
    let harmonic = 0;
    for (let k = 1; k <= 10_000; k += 1) harmonic += k ** -1.1;

    expect(zipf.probability(0)).toBeCloseTo(1 / harmonic, 12);
    expect(zipf.probability(9)).toBeCloseTo(10 ** -1.1 / harmonic, 12);
    expect(zipf.probability(0) / zipf.probability(1)).toBeCloseTo(2 ** 1.1);
  });

  it('draws ranks with the frequencies it promises', () => {
    const zipf = createZipfSampler(10_000, 1.1);
    const random = seededRandom(42);
    const draws = 200_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < draws; i += 1) {
      const rank = zipf.sample(random);
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }

    // Within 4 binomial standard deviations for the head ranks...
    for (const rank of [0, 1, 2, 9, 99]) {
      const p = zipf.probability(rank);
      const sigma = Math.sqrt(draws * p * (1 - p));
      expect(Math.abs((counts.get(rank) ?? 0) - draws * p)).toBeLessThan(
        4 * sigma,
      );
    }

    // ...and the long tail gets its share too.
    let tail = 0;
    let tailP = 0;
    for (let rank = 1_000; rank < 10_000; rank += 1) {
      tail += counts.get(rank) ?? 0;
      tailP += zipf.probability(rank);
    }
    const sigma = Math.sqrt(draws * tailP * (1 - tailP));
    expect(Math.abs(tail - draws * tailP)).toBeLessThan(4 * sigma);
  });

  it('is uniform with s = 0', () => {
    const zipf = createZipfSampler(4, 0);

    expect([0, 1, 2, 3].map((k) => zipf.probability(k))).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
    expect(
      [0, 0.24, 0.26, 0.5, 0.76, 0.999].map((u) => zipf.sample(() => u)),
    ).toEqual([0, 0, 1, 2, 3, 3]);
  });

  it('always returns a rank in [0, n) for any draw in [0, 1)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (n, s, u) => {
          const rank = createZipfSampler(n, s).sample(() => u);

          return Number.isInteger(rank) && rank >= 0 && rank < n;
        },
      ),
    );
  });

  it('refuses a size or exponent it cannot sample', () => {
    expect(() => createZipfSampler(0, 1.1)).toThrow(RangeError);
    expect(() => createZipfSampler(2.5, 1.1)).toThrow(RangeError);
    expect(() => createZipfSampler(10, -1)).toThrow(RangeError);
    expect(() => createZipfSampler(10, Number.NaN)).toThrow(RangeError);
  });
});

describe('seededRandom', () => {
  it('repeats for a seed, differs across seeds, stays in [0, 1)', () => {
    const a = Array.from({ length: 1_000 }, seededRandom(7));
    const b = Array.from({ length: 1_000 }, seededRandom(7));
    const c = Array.from({ length: 1_000 }, seededRandom(8));

    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
