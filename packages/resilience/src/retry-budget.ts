import { monotonicClock } from './clock';
import type { Clock } from './clock';
import { isCount, requireOption, withDefaults } from './options';
import { RollingWindow } from './rolling-window';

export interface RetryBudgetOptions {
  /** Retries allowed as a share of requests over the window (0.2 = 20 %). */
  ratio?: number;
  /** Retries allowed over a window whatever the traffic, for quiet times. */
  minRetriesPerWindow?: number;
  windowMs?: number;
  windowBuckets?: number;
  now?: Clock;
}

export const RETRY_BUDGET_DEFAULTS = {
  ratio: 0.2,
  minRetriesPerWindow: 10,
  windowMs: 10_000,
  windowBuckets: 10,
};

export interface RetryBudgetSnapshot {
  requests: number;
  retries: number;
  /** Retries that would still be allowed now. */
  available: number;
}

/**
 * Caps retries at `ratio` of requests over a rolling window, plus a small
 * floor, so that retries cannot multiply the load on a failing upstream:
 * at most 1.2x the original traffic with the defaults. Record every first
 * attempt with `recordRequest`; ask `tryRetry` before each retry.
 */
export class RetryBudget {
  private readonly settings: typeof RETRY_BUDGET_DEFAULTS;
  private readonly now: Clock;
  private readonly window: RollingWindow<'requests' | 'retries'>;

  constructor(options: RetryBudgetOptions = {}) {
    this.settings = withDefaults(RETRY_BUDGET_DEFAULTS, options);
    requireOption('ratio', this.settings.ratio, (v) => v >= 0, '>= 0');
    requireOption(
      'minRetriesPerWindow',
      this.settings.minRetriesPerWindow,
      (v) => Number.isInteger(v) && v >= 0,
      'an integer >= 0',
    );
    requireOption(
      'windowBuckets',
      this.settings.windowBuckets,
      isCount,
      'a positive integer',
    );
    this.now = options.now ?? monotonicClock;
    this.window = new RollingWindow(
      ['requests', 'retries'],
      this.settings.windowMs,
      this.settings.windowBuckets,
    );
  }

  recordRequest(now: number = this.now()): void {
    this.window.add('requests', now);
  }

  /** True, and the retry is counted, when the budget has room for it. */
  tryRetry(now: number = this.now()): boolean {
    if (this.available(now) < 1) return false;

    this.window.add('retries', now);

    return true;
  }

  snapshot(now: number = this.now()): RetryBudgetSnapshot {
    return {
      requests: this.window.sum('requests', now),
      retries: this.window.sum('retries', now),
      available: this.available(now),
    };
  }

  private available(now: number): number {
    const { ratio, minRetriesPerWindow } = this.settings;
    const requests = this.window.sum('requests', now);
    const retries = this.window.sum('retries', now);
    const allowed = Math.floor(ratio * requests + 1e-9) + minRetriesPerWindow;

    return Math.max(0, allowed - retries);
  }
}
