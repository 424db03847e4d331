/**
 * A fixed clock for an open-loop load: request `i` is due at
 * `i * 1000 / rateRps` ms after the start, whatever happened to earlier
 * ones. Latency is measured from that due time, not from when the request
 * actually left, so a server (or a client) that falls behind shows its
 * queueing instead of hiding it (coordinated omission).
 */
export class OpenLoopSchedule {
  readonly total: number;
  readonly intervalMs: number;

  constructor(
    readonly rateRps: number,
    durationS: number,
  ) {
    if (!(rateRps > 0) || !(durationS > 0)) {
      throw new RangeError('open-loop rate and duration must be positive');
    }
    this.total = Math.round(rateRps * durationS);
    this.intervalMs = 1000 / rateRps;
  }

  /** Offset from the start, in ms, at which request `index` is due. */
  dueAt(index: number): number {
    return index * this.intervalMs;
  }

  /** How many requests are due by `elapsedMs` (never more than `total`). */
  dueBy(elapsedMs: number): number {
    if (elapsedMs < 0) return 0;

    // Whole-number arithmetic first, so a due time is never missed by a
    // rounding error of the division.
    const due = Math.floor((elapsedMs * this.rateRps) / 1000 + 1e-9) + 1;

    return Math.min(this.total, due);
  }

  /** Latency of request `index` that completed at `elapsedMs`. */
  latencyOf(index: number, elapsedMs: number): number {
    return elapsedMs - this.dueAt(index);
  }
}
