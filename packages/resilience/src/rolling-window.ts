import { isCount, isPositive, requireOption } from './options';

/**
 * Sums of named counters over the last `windowMs`, kept in `buckets` equal
 * slices. A slice is cleared lazily when time reaches it again, so nothing
 * runs between events and idle windows cost nothing. The window is exact to
 * one slice: it covers between `windowMs - sliceMs` and `windowMs`.
 */
export class RollingWindow<Field extends string> {
  private readonly sliceMs: number;
  private readonly counts: Record<Field, Float64Array>;
  private readonly sliceEpochs: Float64Array;

  constructor(
    fields: readonly Field[],
    readonly windowMs: number,
    readonly buckets: number,
  ) {
    requireOption('windowMs', windowMs, isPositive, 'positive');
    requireOption('buckets', buckets, isCount, 'a positive integer');

    this.sliceMs = windowMs / buckets;
    this.sliceEpochs = new Float64Array(buckets).fill(-Infinity);
    this.counts = Object.fromEntries(
      fields.map((field) => [field, new Float64Array(buckets)]),
    ) as Record<Field, Float64Array>;
  }

  /** Adds `amount` to `field` in the slice that holds `now`. */
  add(field: Field, now: number, amount = 1): void {
    const slot = this.slotFor(now);
    this.counts[field][slot]! += amount;
  }

  /** Sum of `field` over the slices still inside the window at `now`. */
  sum(field: Field, now: number): number {
    const epoch = Math.floor(now / this.sliceMs);
    const values = this.counts[field];
    let total = 0;

    for (let slot = 0; slot < this.buckets; slot++) {
      const age = epoch - this.sliceEpochs[slot]!;
      if (age >= 0 && age < this.buckets) total += values[slot]!;
    }

    return total;
  }

  /** Forgets everything, as after a breaker closes. */
  clear(): void {
    this.sliceEpochs.fill(-Infinity);
  }

  private slotFor(now: number): number {
    const epoch = Math.floor(now / this.sliceMs);
    const slot = ((epoch % this.buckets) + this.buckets) % this.buckets;

    if (this.sliceEpochs[slot] !== epoch) {
      this.sliceEpochs[slot] = epoch;
      for (const values of Object.values<Float64Array>(this.counts)) {
        values[slot] = 0;
      }
    }

    return slot;
  }
}
