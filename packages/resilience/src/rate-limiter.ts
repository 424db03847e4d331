import { monotonicClock } from './clock';
import type { Clock } from './clock';
import { isCount, requireOption } from './options';
import { checkBucketOptions, takeToken } from './token-bucket';
import type {
  BucketState,
  RateLimitDecision,
  TokenBucketOptions,
} from './token-bucket';

export interface RateLimiterOptions extends TokenBucketOptions {
  /** Most keys held at once; beyond it idle buckets are dropped first. */
  maxKeys?: number;
}

export const RATE_LIMITER_DEFAULTS = { maxKeys: 100_000 };

// After a sweep the limiter holds at most this share of maxKeys, so that a
// sweep (linear in the keys) runs once per tenth of maxKeys new keys.
const LOW_WATER = 0.9;

/**
 * Token buckets by key (client address, tenant id). A key that is absent
 * has a full bucket, so a bucket that has refilled to full carries no state
 * and is what a sweep drops first. Only when more than `maxKeys` keys are
 * busy at once are busy buckets dropped too, oldest key first; such a key
 * starts again with a full bucket. That bounds memory under a flood of
 * distinct addresses at the price of leniency towards the oldest keys.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, BucketState>();
  private readonly tokensPerMs: number;
  private readonly burst: number;
  private readonly maxKeys: number;
  private readonly now: Clock;

  constructor(options: RateLimiterOptions) {
    checkBucketOptions(options.ratePerSecond, options.burst);
    this.maxKeys = options.maxKeys ?? RATE_LIMITER_DEFAULTS.maxKeys;
    requireOption('maxKeys', this.maxKeys, isCount, 'a positive integer');

    this.tokensPerMs = options.ratePerSecond / 1000;
    this.burst = options.burst;
    this.now = options.now ?? monotonicClock;
  }

  /**
   * Takes one token from `key`'s bucket if it has one. Pass `now` when the
   * caller has already read the clock for this request: reading it again
   * costs more than the check itself.
   */
  check(key: string, now: number = this.now()): RateLimitDecision {
    let state = this.buckets.get(key);

    if (state === undefined) {
      state = { tokens: this.burst, updatedAt: now };
      this.buckets.set(key, state);
      if (this.buckets.size > this.maxKeys) this.sweep(now, key);
    }

    return takeToken(state, now, this.tokensPerMs, this.burst);
  }

  /** Keys currently holding state. */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number, keep: string): void {
    for (const [key, state] of this.buckets) {
      const refilled =
        state.tokens + (now - state.updatedAt) * this.tokensPerMs;
      if (refilled >= this.burst && key !== keep) this.buckets.delete(key);
    }

    const target = Math.floor(this.maxKeys * LOW_WATER);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      if (key !== keep) this.buckets.delete(key);
    }
  }
}
