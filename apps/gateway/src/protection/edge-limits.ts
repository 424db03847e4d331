import type { Limits } from '@cellplane/contract';

/** The snapshot's `limits` section, or the gateway's defaults in its shape. */
export type EdgeLimits = Limits;

/**
 * The limits in force: the snapshot's section when it has one, else the
 * defaults from the gateway's configuration (per client IP 100 req/s, per
 * tenant by tier, no trusted proxy).
 */
export function edgeLimitsOf(
  section: Limits | undefined,
  defaults: EdgeLimits,
): EdgeLimits {
  return section ?? defaults;
}
