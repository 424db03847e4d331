import { RateLimiter, type RateLimitDecision } from '@cellplane/resilience';

import type { EdgeLimits } from './edge-limits';

type Tier = keyof EdgeLimits['perTenant'];

/**
 * The gateway's rate limiters: one keyed by client address, one per tenant
 * tier keyed by tenant id. Per process: each worker counts only what it
 * serves (see README, "Rate limits"). Rebuilt only when a snapshot changes
 * the numbers, so buckets survive snapshots that change something else.
 */
export class RateLimits {
  private applied: EdgeLimits | null = null;

  private fingerprint = '';

  private perClient: RateLimiter | null = null;

  private readonly perTier = new Map<string, RateLimiter>();

  constructor(private readonly maxKeys: number) {}

  /** Follows the limits of the table in service (called on each swap). */
  apply(limits: EdgeLimits): void {
    if (limits === this.applied) return;
    this.applied = limits;

    const fingerprint = JSON.stringify([limits.perClientIp, limits.perTenant]);
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;

    const { maxKeys } = this;
    this.perClient = new RateLimiter({ ...limits.perClientIp, maxKeys });
    this.perTier.clear();
    for (const tier of Object.keys(limits.perTenant) as Tier[]) {
      this.perTier.set(
        tier,
        new RateLimiter({ ...limits.perTenant[tier], maxKeys }),
      );
    }
  }

  /** The decision for one client address; allowed when no limits yet. */
  checkClient(address: string, now: number): RateLimitDecision | null {
    return this.perClient?.check(address, now) ?? null;
  }

  /** The decision for one tenant of a tier; null when the tier is unknown. */
  checkTenant(
    tenantId: string,
    tier: string | undefined,
    now: number,
  ): RateLimitDecision | null {
    if (tier === undefined) return null;

    return this.perTier.get(tier)?.check(tenantId, now) ?? null;
  }
}
