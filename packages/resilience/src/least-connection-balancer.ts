import { CircuitBreaker } from './circuit-breaker';
import type {
  BreakerState,
  CircuitBreakerOptions,
  Permit,
} from './circuit-breaker';
import { monotonicClock } from './clock';
import type { Clock } from './clock';
import { isPositive, requireOption, withDefaults } from './options';

/** One upstream process of a cell, as the balancer needs it. */
export interface BalancedInstance {
  id: string;
  /** Relative capacity; an instance of weight 2 takes twice the load. */
  weight: number;
}

export interface LeastConnectionOptions {
  /** Weight of a new latency sample in the latency EMA. */
  latencyAlpha?: number;
  /** Weight of a new outcome (1 failed, 0 passed) in the error EMA. */
  errorAlpha?: number;
  /** Time in which the error EMA halves while an instance gets no traffic. */
  errorHalfLifeMs?: number;
  /** Latency at which the latency factor is 0.5. */
  latencyReferenceMs?: number;
  /** Floor of the health score, so a poor instance can still recover. */
  minHealthScore?: number;
  /** Options of the circuit breaker the balancer keeps per instance. */
  breaker?: Omit<CircuitBreakerOptions, 'now'>;
  /** Health from active checks, e.g. `(id) => checker.isHealthy(id)`. */
  isHealthy?: (instanceId: string) => boolean;
  now?: Clock;
}

export const LEAST_CONNECTION_DEFAULTS = {
  latencyAlpha: 0.2,
  errorAlpha: 0.1,
  errorHalfLifeMs: 10_000,
  latencyReferenceMs: 100,
  minHealthScore: 0.05,
};

/**
 * The chosen instance; report the outcome of the request exactly once
 * (later reports are ignored). `now` as in `pick`.
 */
export interface Lease {
  readonly instanceId: string;
  /** Whether the request is its instance's half-open breaker probe. */
  readonly probe: boolean;
  success(latencyMs: number, now?: number): void;
  failure(latencyMs?: number, now?: number): void;
  /** Not sent after all: frees the slot and the probe, counts nothing. */
  abandon(): void;
}

export interface InstanceStats {
  id: string;
  weight: number;
  inFlight: number;
  latencyEmaMs: number | undefined;
  errorEma: number;
  healthScore: number;
  breaker: BreakerState;
  healthy: boolean;
}

interface InstanceRecord {
  id: string;
  weight: number;
  inFlight: number;
  latencyEmaMs: number | undefined;
  errorEma: number;
  errorUpdatedAt: number;
  breaker: CircuitBreaker;
}

/**
 * Weighted least-connection among a cell's instances that pass their health
 * checks and whose circuit breaker lets a request through.
 *
 * Each instance has a health score in [minHealthScore, 1]:
 *
 *   score = max(minHealthScore,
 *               (1 - errorEma) * latencyReferenceMs
 *                 / (latencyReferenceMs + latencyEmaMs))
 *
 * where errorEma is the exponential moving average of failures (1) and
 * successes (0), halving every `errorHalfLifeMs` without traffic, and
 * latencyEmaMs that of latencies (0 before the first sample). Without the
 * decay, an instance that lost a few requests would keep its low score for
 * as long as others beat it, since a score only moves with traffic. The pick is the instance with the least
 * `(inFlight + 1) / (weight * score)`: in-flight requests per unit of
 * healthy capacity, counting the request being placed. Ties go to the first
 * tied instance from a cursor that moves one place per pick, which is
 * deterministic and spreads ties round-robin.
 */
export class LeastConnectionBalancer {
  private readonly settings: typeof LEAST_CONNECTION_DEFAULTS;
  private readonly breakerOptions: CircuitBreakerOptions;
  private readonly isHealthy: (instanceId: string) => boolean;
  private readonly now: Clock;
  private instances: InstanceRecord[] = [];
  private cursor = 0;

  constructor(
    instances: readonly BalancedInstance[],
    options: LeastConnectionOptions = {},
  ) {
    this.settings = withDefaults(LEAST_CONNECTION_DEFAULTS, options);
    checkSettings(this.settings);
    this.now = options.now ?? monotonicClock;
    this.breakerOptions = { ...options.breaker, now: this.now };
    this.isHealthy = options.isHealthy ?? (() => true);
    this.setInstances(instances);
  }

  /** Replaces the instance list; instances that stay keep their state. */
  setInstances(instances: readonly BalancedInstance[]): void {
    const previous = new Map(this.instances.map((i) => [i.id, i]));

    this.instances = instances.map(({ id, weight }) => {
      requireOption(`weight of ${id}`, weight, isPositive, 'positive');
      const kept = previous.get(id);
      if (kept !== undefined) {
        kept.weight = weight;

        return kept;
      }

      return {
        id,
        weight,
        inFlight: 0,
        latencyEmaMs: undefined,
        errorEma: 0,
        errorUpdatedAt: 0,
        breaker: new CircuitBreaker(this.breakerOptions),
      };
    });
    this.cursor = 0;
  }

  /**
   * The instance for the next request, or undefined when none can take it.
   * `now` lets a caller that has read the clock for this request pass it on.
   */
  pick(now: number = this.now()): Lease | undefined {
    const count = this.instances.length;
    if (count === 0) return undefined;

    const start = this.cursor;
    this.cursor = (start + 1) % count;

    // Candidates whose breaker refuses (a half-open one with its probe out)
    // drop out and the next best is tried.
    let refused: Set<InstanceRecord> | undefined;
    for (;;) {
      const best = this.leastLoaded(start, refused, now);
      if (best === undefined) return undefined;

      const permit = best.breaker.tryAcquire(now);
      if (permit !== null) {
        best.inFlight++;

        return new InstanceLease(best, permit, this.settle);
      }
      refused ??= new Set();
      refused.add(best);
    }
  }

  snapshot(): InstanceStats[] {
    const now = this.now();

    return this.instances.map((instance) => ({
      id: instance.id,
      weight: instance.weight,
      inFlight: instance.inFlight,
      latencyEmaMs: instance.latencyEmaMs,
      errorEma: this.errorEma(instance, now),
      healthScore: this.healthScore(instance, now),
      breaker: instance.breaker.state,
      healthy: this.isHealthy(instance.id),
    }));
  }

  private leastLoaded(
    start: number,
    refused: ReadonlySet<InstanceRecord> | undefined,
    now: number,
  ): InstanceRecord | undefined {
    const count = this.instances.length;
    let best: InstanceRecord | undefined;
    let bestLoad = Infinity;

    for (let step = 0; step < count; step++) {
      const instance = this.instances[(start + step) % count]!;
      if (refused?.has(instance) || !this.isAvailable(instance, now)) continue;

      const capacity = instance.weight * this.healthScore(instance, now);
      const load = (instance.inFlight + 1) / capacity;
      if (load < bestLoad) {
        best = instance;
        bestLoad = load;
      }
    }

    return best;
  }

  private isAvailable(instance: InstanceRecord, now: number): boolean {
    const breakerState = instance.breaker.stateAt(now);

    return breakerState !== 'open' && this.isHealthy(instance.id);
  }

  private healthScore(instance: InstanceRecord, now: number): number {
    const { latencyReferenceMs, minHealthScore } = this.settings;
    const latency = instance.latencyEmaMs ?? 0;
    const latencyFactor = latencyReferenceMs / (latencyReferenceMs + latency);
    const errorFactor = 1 - this.errorEma(instance, now);

    return Math.max(minHealthScore, errorFactor * latencyFactor);
  }

  private errorEma(instance: InstanceRecord, now: number): number {
    if (instance.errorEma === 0) return 0;

    const idle = Math.max(0, now - instance.errorUpdatedAt);

    return instance.errorEma * 2 ** (-idle / this.settings.errorHalfLifeMs);
  }

  // One function per balancer, handed to its leases: leases are created per
  // request and must stay cheap.
  private readonly settle: SettleLease = (lease, failed, latencyMs, now) => {
    const { latencyAlpha, errorAlpha } = this.settings;
    const { instance, permit } = lease;
    const at = now ?? this.now();
    instance.inFlight--;

    const errorEma = this.errorEma(instance, at);
    instance.errorEma = errorEma + errorAlpha * ((failed ? 1 : 0) - errorEma);
    instance.errorUpdatedAt = at;

    if (latencyMs !== undefined) {
      const previous = instance.latencyEmaMs;
      instance.latencyEmaMs =
        previous === undefined
          ? latencyMs
          : previous + latencyAlpha * (latencyMs - previous);
    }

    if (failed) permit.failure(at);
    else permit.success(latencyMs, at);
  };
}

type SettleLease = (
  lease: InstanceLease,
  failed: boolean,
  latencyMs: number | undefined,
  now: number | undefined,
) => void;

class InstanceLease implements Lease {
  private reported = false;

  constructor(
    readonly instance: InstanceRecord,
    readonly permit: Permit,
    private readonly settle: SettleLease,
  ) {}

  get instanceId(): string {
    return this.instance.id;
  }

  get probe(): boolean {
    return this.permit.probe;
  }

  abandon(): void {
    if (this.reported) return;
    this.reported = true;
    this.instance.inFlight--;
    this.permit.abandon();
  }

  success(latencyMs: number, now?: number): void {
    if (this.reported) return;
    this.reported = true;
    this.settle(this, false, latencyMs, now);
  }

  failure(latencyMs?: number, now?: number): void {
    if (this.reported) return;
    this.reported = true;
    this.settle(this, true, latencyMs, now);
  }
}

function checkSettings(s: typeof LEAST_CONNECTION_DEFAULTS): void {
  const fraction = (v: number) => v > 0 && v <= 1;

  requireOption('latencyAlpha', s.latencyAlpha, fraction, 'in (0, 1]');
  requireOption('errorAlpha', s.errorAlpha, fraction, 'in (0, 1]');
  requireOption('errorHalfLifeMs', s.errorHalfLifeMs, isPositive, 'positive');
  requireOption(
    'latencyReferenceMs',
    s.latencyReferenceMs,
    isPositive,
    'positive',
  );
  requireOption('minHealthScore', s.minHealthScore, fraction, 'in (0, 1]');
}
