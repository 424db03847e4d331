export type ZipfSampler = {
  /** A 0-based rank; rank k is drawn with probability ∝ 1 / (k + 1)^s. */
  sample: (random: () => number) => number;
  /** The exact probability of a rank, for tests and reports. */
  probability: (rank: number) => number;
};

/**
 * Zipf over `n` ranks with exponent `s`, by inverse transform on the
 * precomputed cumulative weights (n = 10,000 costs 80 KB and a binary
 * search of 14 steps per draw). Real tenant traffic is this skewed: a few
 * tenants send most requests.
 */
export function createZipfSampler(n: number, s: number): ZipfSampler {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`zipf: n must be a positive integer, got ${n}`);
  }
  if (!Number.isFinite(s) || s < 0) {
    throw new RangeError(`zipf: s must be a finite number >= 0, got ${s}`);
  }

  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k += 1) {
    total += (k + 1) ** -s;
    cumulative[k] = total;
  }

  const sample = (random: () => number) => {
    const target = random() * total;
    let low = 0;
    let high = n - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }

    return low;
  };

  const probability = (rank: number) => (rank + 1) ** -s / total;

  return { sample, probability };
}
