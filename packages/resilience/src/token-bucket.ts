import { monotonicClock } from './clock';
import type { Clock } from './clock';
import { isPositive, requireOption } from './options';

export interface TokenBucketOptions {
  /** Tokens added per second, the sustained rate. */
  ratePerSecond: number;
  /** Capacity: requests allowed at once after a quiet period. */
  burst: number;
  now?: Clock;
}

/** One rate-limit answer, with what the `RateLimit` headers need. */
export interface RateLimitDecision {
  allowed: boolean;
  /** The bucket capacity (`RateLimit-Limit`). */
  limit: number;
  /** Whole tokens left after this request (`RateLimit-Remaining`). */
  remaining: number;
  /** When refused: time until one token is back (`Retry-After`); else 0. */
  retryAfterMs: number;
  /** Time until the bucket is full again (`RateLimit-Reset`). */
  resetMs: number;
}

/** The state of one bucket: tokens held at `updatedAt`. */
export interface BucketState {
  tokens: number;
  updatedAt: number;
}

// Refill arithmetic in floating point leaves tokens like 0.9999999999; a
// request that is due by the clock must not wait a millisecond more for it.
const EPSILON = 1e-9;

/**
 * Refills `state` up to `now`, takes one token if there is one and returns
 * the decision. Shared by the single bucket and the keyed limiter.
 */
export function takeToken(
  state: BucketState,
  now: number,
  tokensPerMs: number,
  burst: number,
): RateLimitDecision {
  const elapsed = now - state.updatedAt;
  let tokens = state.tokens;
  // A clock that steps back must not mint tokens or push refill out.
  if (elapsed > 0) tokens = Math.min(burst, tokens + elapsed * tokensPerMs);
  state.updatedAt = Math.max(now, state.updatedAt);

  const allowed = tokens >= 1 - EPSILON;
  if (allowed) tokens = Math.max(0, tokens - 1);
  state.tokens = tokens;

  return {
    allowed,
    limit: burst,
    remaining: Math.floor(tokens + EPSILON),
    retryAfterMs: allowed ? 0 : Math.ceil((1 - tokens) / tokensPerMs - EPSILON),
    resetMs: Math.ceil((burst - tokens) / tokensPerMs - EPSILON),
  };
}

export function checkBucketOptions(ratePerSecond: number, burst: number) {
  requireOption('ratePerSecond', ratePerSecond, isPositive, 'positive');
  requireOption('burst', burst, (v) => v >= 1, '>= 1');
}

/** A single token bucket: `burst` capacity refilled at `ratePerSecond`. */
export class TokenBucket {
  private readonly state: BucketState;
  private readonly tokensPerMs: number;
  private readonly burst: number;
  private readonly now: Clock;

  constructor(options: TokenBucketOptions) {
    checkBucketOptions(options.ratePerSecond, options.burst);
    this.tokensPerMs = options.ratePerSecond / 1000;
    this.burst = options.burst;
    this.now = options.now ?? monotonicClock;
    this.state = { tokens: options.burst, updatedAt: this.now() };
  }

  /** Takes one token if there is one; `now` defaults to the clock. */
  take(now: number = this.now()): RateLimitDecision {
    return takeToken(this.state, now, this.tokensPerMs, this.burst);
  }
}
