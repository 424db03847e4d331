import { monotonicClock } from './clock';
import type { Clock } from './clock';
import { isCount, isPositive, requireOption, withDefaults } from './options';

export interface HealthCheckerOptions {
  /** Time between two checks of one instance. */
  intervalMs?: number;
  /** Consecutive failed checks that mark a healthy instance unhealthy. */
  unhealthyThreshold?: number;
  /** Consecutive passed checks that mark an unhealthy instance healthy. */
  healthyThreshold?: number;
  now?: Clock;
}

export const HEALTH_CHECKER_DEFAULTS = {
  intervalMs: 5_000,
  unhealthyThreshold: 2,
  healthyThreshold: 2,
};

export type CellHealthState = 'healthy' | 'degraded' | 'failed';

/** A cell's instances by health, for routing and the console. */
export interface CellHealth {
  /** `failed` when no instance is healthy, `degraded` when some are not. */
  state: CellHealthState;
  healthy: string[];
  unhealthy: string[];
  /** When failed: least time until an instance could pass again; else 0. */
  retryAfterMs: number;
}

interface InstanceRecord {
  healthy: boolean;
  streak: number;
  lastCheckedAt: number;
}

/**
 * Health of one cell's instances from active checks, as a state machine:
 * `unhealthyThreshold` failures in a row take an instance out,
 * `healthyThreshold` passes in a row bring it back. With the default
 * threshold of 2, an instance that starts failing is out after at most two
 * check intervals (K11). Instances start healthy, so a new cell takes traffic
 * before its first round of checks.
 *
 * The checker runs no probes and no timers: the app asks `dueForCheck`,
 * runs the checks it names and reports each with `record`.
 */
export class HealthChecker {
  private readonly settings: typeof HEALTH_CHECKER_DEFAULTS;
  private readonly now: Clock;
  private records = new Map<string, InstanceRecord>();

  constructor(
    instanceIds: readonly string[],
    options: HealthCheckerOptions = {},
  ) {
    this.settings = withDefaults(HEALTH_CHECKER_DEFAULTS, options);
    requireOption(
      'intervalMs',
      this.settings.intervalMs,
      isPositive,
      'positive',
    );
    requireOption(
      'unhealthyThreshold',
      this.settings.unhealthyThreshold,
      isCount,
      'a positive integer',
    );
    requireOption(
      'healthyThreshold',
      this.settings.healthyThreshold,
      isCount,
      'a positive integer',
    );
    this.now = options.now ?? monotonicClock;
    this.setInstances(instanceIds);
  }

  /** Replaces the instance list; instances that stay keep their state. */
  setInstances(instanceIds: readonly string[]): void {
    const next = new Map<string, InstanceRecord>();

    for (const id of instanceIds) {
      const record = this.records.get(id) ?? {
        healthy: true,
        streak: 0,
        lastCheckedAt: -Infinity,
      };
      next.set(id, record);
    }
    this.records = next;
  }

  /** Reports one check; returns whether the instance is healthy now. */
  record(instanceId: string, passed: boolean): boolean | undefined {
    const record = this.records.get(instanceId);
    if (record === undefined) return undefined;

    record.lastCheckedAt = this.now();

    // The streak counts checks that disagree with the current state.
    if (passed === record.healthy) {
      record.streak = 0;

      return record.healthy;
    }

    record.streak++;
    const threshold = record.healthy
      ? this.settings.unhealthyThreshold
      : this.settings.healthyThreshold;
    if (record.streak >= threshold) {
      record.healthy = passed;
      record.streak = 0;
    }

    return record.healthy;
  }

  /** False for unhealthy and for unknown instances. */
  isHealthy(instanceId: string): boolean {
    return this.records.get(instanceId)?.healthy ?? false;
  }

  /** Instances whose next check is due (never checked counts as due). */
  dueForCheck(): string[] {
    const now = this.now();
    const due: string[] = [];

    for (const [id, record] of this.records) {
      if (now - record.lastCheckedAt >= this.settings.intervalMs) due.push(id);
    }

    return due;
  }

  cellHealth(): CellHealth {
    const healthy: string[] = [];
    const unhealthy: string[] = [];
    for (const [id, record] of this.records) {
      (record.healthy ? healthy : unhealthy).push(id);
    }

    const state: CellHealthState =
      healthy.length === 0
        ? 'failed'
        : unhealthy.length > 0
          ? 'degraded'
          : 'healthy';

    return {
      state,
      healthy,
      unhealthy,
      retryAfterMs: state === 'failed' ? this.soonestRecoveryMs() : 0,
    };
  }

  // Earliest moment an unhealthy instance could pass enough checks in a row.
  private soonestRecoveryMs(): number {
    const { intervalMs, healthyThreshold } = this.settings;
    const now = this.now();
    let soonest = Infinity;

    for (const record of this.records.values()) {
      const untilNextCheck = Math.max(
        0,
        record.lastCheckedAt + intervalMs - now,
      );
      const checksLeft = healthyThreshold - record.streak;
      soonest = Math.min(
        soonest,
        untilNextCheck + (checksLeft - 1) * intervalMs,
      );
    }

    // A cell with no instances has nothing to wait for; say one interval.
    return Number.isFinite(soonest) ? soonest : intervalMs;
  }
}
