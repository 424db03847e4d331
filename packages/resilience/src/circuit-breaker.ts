import { monotonicClock } from './clock';
import type { Clock } from './clock';
import { isCount, isPositive, requireOption, withDefaults } from './options';
import { RollingWindow } from './rolling-window';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Error share over the window that opens the breaker (0.05 = 5 %). */
  failureRateThreshold?: number;
  /** Length of the rolling error window. */
  windowMs?: number;
  /** Slices of the window; the window is exact to one slice. */
  windowBuckets?: number;
  /** Requests the window must hold before its error share counts. */
  minimumRequests?: number;
  /** First open period; each further trip multiplies it. */
  openMs?: number;
  /** Longest open period, however often the breaker trips. */
  maxOpenMs?: number;
  backoffMultiplier?: number;
  /** Half-open: least time between the starts of two probes. */
  probeIntervalMs?: number;
  /** A probe not reported within this long counts as failed. */
  probeTimeoutMs?: number;
  /** Consecutive successful probes that close the breaker. */
  successesToClose?: number;
  now?: Clock;
  /** Called on every transition, for metrics and logs in the app. */
  onStateChange?: (change: BreakerStateChange) => void;
}

export interface BreakerStateChange {
  from: BreakerState;
  to: BreakerState;
  at: number;
}

/** What the breaker looks like now, for metrics and the console. */
export interface BreakerSnapshot {
  state: BreakerState;
  requests: number;
  failures: number;
  failureRate: number;
  meanLatencyMs: number | undefined;
  /** Times opened since it was last closed. */
  trips: number;
  consecutiveSuccesses: number;
  /** When open: time until half-open; when half-open: until the next probe. */
  retryAfterMs: number;
}

/**
 * Leave to send one request. Report exactly once; later reports and reports
 * for a permit from before the last state change are ignored. `now` lets a
 * caller that has read the clock for this request pass it on.
 */
export interface Permit {
  /** Whether this is the half-open breaker's probe. */
  readonly probe: boolean;
  success(latencyMs?: number, now?: number): void;
  failure(now?: number): void;
  /**
   * The request was not sent after all (another process holds the probe):
   * nothing is counted, and a probe frees its slot, though the next probe
   * still waits for `probeIntervalMs`.
   */
  abandon(): void;
}

/** Seed figures of DESIGN.md: 5 % over 10 s, 30 s open doubling to 5 min. */
export const CIRCUIT_BREAKER_DEFAULTS = {
  failureRateThreshold: 0.05,
  windowMs: 10_000,
  windowBuckets: 10,
  minimumRequests: 20,
  openMs: 30_000,
  maxOpenMs: 300_000,
  backoffMultiplier: 2,
  probeIntervalMs: 5_000,
  probeTimeoutMs: 5_000,
  successesToClose: 3,
};

type Settings = typeof CIRCUIT_BREAKER_DEFAULTS;

/**
 * Closed: requests flow and outcomes fill a rolling window; the breaker
 * opens when the window holds at least `minimumRequests` and the error share
 * reaches the threshold. Open: every request fails fast until the open period
 * ends. Half-open: one probe at a time and at most one per
 * `probeIntervalMs`; `successesToClose` successful probes in a row close it,
 * one failed probe opens it again for the next, longer period. The open
 * period is capped, so the breaker never stays open for good (K10).
 *
 * Time only moves when the breaker is used: there are no timers, and an
 * open breaker turns half-open the first time it is asked after its period.
 */
export class CircuitBreaker {
  private readonly settings: Settings;
  private readonly now: Clock;
  private readonly onStateChange:
    ((change: BreakerStateChange) => void) | undefined;
  private readonly window: RollingWindow<'requests' | 'failures' | 'latency'>;

  private current: BreakerState = 'closed';
  // Bumped on every transition; permits from an older generation are void.
  private generation = 0;
  private trips = 0;
  private openUntil = 0;
  private probeInFlight = false;
  private probeStartedAt = 0;
  private nextProbeAt = 0;
  private consecutiveSuccesses = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    const settings = withDefaults(CIRCUIT_BREAKER_DEFAULTS, options);
    checkSettings(settings);
    this.settings = settings;
    this.now = options.now ?? monotonicClock;
    this.onStateChange = options.onStateChange;
    this.window = new RollingWindow(
      ['requests', 'failures', 'latency'],
      settings.windowMs,
      settings.windowBuckets,
    );
  }

  /** Current state, after any transition that time alone has caused. */
  get state(): BreakerState {
    return this.stateAt(this.now());
  }

  /** Like `state`, at a time the caller has already read from the clock. */
  stateAt(now: number): BreakerState {
    this.advance(now);

    return this.current;
  }

  /** A permit to send one request, or null to fail fast. */
  tryAcquire(now: number = this.now()): Permit | null {
    this.advance(now);

    if (this.current === 'closed') {
      return new BreakerPermit(this.settle, this.generation, false);
    }
    if (this.current === 'open') return null;
    if (this.probeInFlight || now < this.nextProbeAt) return null;

    this.probeInFlight = true;
    this.probeStartedAt = now;
    this.nextProbeAt = now + this.settings.probeIntervalMs;

    return new BreakerPermit(this.settle, this.generation, true);
  }

  snapshot(): BreakerSnapshot {
    const now = this.now();
    this.advance(now);

    const requests = this.window.sum('requests', now);
    const failures = this.window.sum('failures', now);
    const successes = requests - failures;
    const latency = this.window.sum('latency', now);

    return {
      state: this.current,
      requests,
      failures,
      failureRate: requests > 0 ? failures / requests : 0,
      meanLatencyMs: successes > 0 ? latency / successes : undefined,
      trips: this.trips,
      consecutiveSuccesses: this.consecutiveSuccesses,
      retryAfterMs: this.retryAfterMs(now),
    };
  }

  private retryAfterMs(now: number): number {
    if (this.current === 'open') return Math.max(0, this.openUntil - now);
    if (this.current === 'closed') return 0;

    const probeFreeAt = this.probeInFlight
      ? this.probeStartedAt + this.settings.probeTimeoutMs
      : now;

    return Math.max(0, this.nextProbeAt - now, probeFreeAt - now);
  }

  // One function per breaker, handed to its permits: permits are created
  // per request and must stay cheap.
  private readonly settle: Settle = (permit, ok, latencyMs, now) => {
    if (permit.generation !== this.generation) return;

    if (ok === null) {
      if (permit.probe) this.probeInFlight = false;

      return;
    }

    const at = now ?? this.now();
    if (permit.probe) this.onProbeResult(ok, at);
    else this.onResult(ok, latencyMs, at);
  };

  private onResult(ok: boolean, latencyMs: number, now: number): void {
    this.window.add('requests', now);
    if (ok) {
      this.window.add('latency', now, latencyMs);

      return;
    }
    this.window.add('failures', now);

    const requests = this.window.sum('requests', now);
    if (requests < this.settings.minimumRequests) return;

    const failures = this.window.sum('failures', now);
    if (failures / requests >= this.settings.failureRateThreshold) {
      this.open(now);
    }
  }

  private onProbeResult(ok: boolean, now: number): void {
    this.probeInFlight = false;

    if (!ok) {
      this.open(now);

      return;
    }

    this.consecutiveSuccesses++;
    if (this.consecutiveSuccesses >= this.settings.successesToClose) {
      this.close(now);
    }
  }

  // Transitions that need only the passage of time.
  private advance(now: number): void {
    if (this.current === 'open' && now >= this.openUntil) {
      this.transition('half-open', now);
      this.nextProbeAt = now;

      return;
    }

    // A probe whose caller never reported would hold half-open forever.
    const probeExpired =
      now - this.probeStartedAt >= this.settings.probeTimeoutMs;
    if (this.current === 'half-open' && this.probeInFlight && probeExpired) {
      this.open(now);
    }
  }

  private open(now: number): void {
    const { openMs, maxOpenMs, backoffMultiplier } = this.settings;
    const period = Math.min(
      maxOpenMs,
      openMs * backoffMultiplier ** this.trips,
    );

    this.trips++;
    this.openUntil = now + period;
    this.probeInFlight = false;
    this.consecutiveSuccesses = 0;
    this.transition('open', now);
  }

  private close(now: number): void {
    this.trips = 0;
    this.consecutiveSuccesses = 0;
    this.window.clear();
    this.transition('closed', now);
  }

  private transition(to: BreakerState, at: number): void {
    const from = this.current;
    this.current = to;
    this.generation++;
    this.onStateChange?.({ from, to, at });
  }
}

/** `ok` null: abandoned, not sent. */
type Settle = (
  permit: BreakerPermit,
  ok: boolean | null,
  latencyMs: number,
  now: number | undefined,
) => void;

class BreakerPermit implements Permit {
  private reported = false;

  constructor(
    private readonly settle: Settle,
    readonly generation: number,
    readonly probe: boolean,
  ) {}

  success(latencyMs = 0, now?: number): void {
    if (this.reported) return;
    this.reported = true;
    this.settle(this, true, latencyMs, now);
  }

  failure(now?: number): void {
    if (this.reported) return;
    this.reported = true;
    this.settle(this, false, 0, now);
  }

  abandon(): void {
    if (this.reported) return;
    this.reported = true;
    this.settle(this, null, 0, undefined);
  }
}

function checkSettings(s: Settings): void {
  requireOption(
    'failureRateThreshold',
    s.failureRateThreshold,
    (v) => v > 0 && v <= 1,
    'in (0, 1]',
  );
  requireOption(
    'minimumRequests',
    s.minimumRequests,
    isCount,
    'an integer >= 1',
  );
  requireOption('openMs', s.openMs, isPositive, 'positive');
  requireOption('maxOpenMs', s.maxOpenMs, (v) => v >= s.openMs, '>= openMs');
  requireOption(
    'backoffMultiplier',
    s.backoffMultiplier,
    (v) => v >= 1,
    '>= 1',
  );
  requireOption('probeIntervalMs', s.probeIntervalMs, (v) => v >= 0, '>= 0');
  requireOption('probeTimeoutMs', s.probeTimeoutMs, isPositive, 'positive');
  requireOption(
    'successesToClose',
    s.successesToClose,
    isCount,
    'an integer >= 1',
  );
}
