import type { InstanceStats } from '@cellplane/resilience';

/**
 * Degradation levels of a cell (DESIGN.md), from mild to severe:
 * - `normal`: every instance takes traffic;
 * - `degraded`: some instances are out (failing checks or open breaker);
 *   requests are still served by the others;
 * - `limited`: fewer than half are left: reads are served, writes get 503
 *   `GW_DEGRADED` with `retry-after`, to keep the rest alive for reads;
 * - `survival`: none is left: every request gets the static 503
 *   `GW_CELL_UNAVAILABLE` with `retry-after`, without touching a cell.
 *   Static means the gateway's own answers only: public routes are
 *   refused too. Forced by an operator, it asks clients to come back in
 *   `FORCED_SURVIVAL_RETRY_AFTER_SECONDS` at least, not in a second.
 */
export const DEGRADATION_LEVELS = [
  'normal',
  'degraded',
  'limited',
  'survival',
] as const;

export type DegradationLevel = (typeof DEGRADATION_LEVELS)[number];

/**
 * `retry-after` of a cell forced to survival: an operator's decision
 * outlasts any probe, so clients are not asked back every second.
 */
export const FORCED_SURVIVAL_RETRY_AFTER_SECONDS = 30;

interface Cached {
  level: DegradationLevel;
  at: number;
}

/** How often a cell's level is recomputed at most (per request it is read). */
const RECOMPUTE_MS = 100;

/**
 * The level per cell: forced by the operator when set, else computed from
 * the share of its instances that are healthy and whose breaker is not
 * open. Cached for 100 ms, so the request path reads a field.
 */
export class Degradation {
  private readonly cache = new Map<string, Cached>();

  constructor(
    private readonly stats: (cellId: string) => InstanceStats[],
    private readonly instanceCount: (cellId: string) => number,
    private forced: ReadonlyMap<string, DegradationLevel>,
  ) {}

  /** Replaces the operator's forced levels (config or snapshot). */
  force(levels: ReadonlyMap<string, DegradationLevel>): void {
    this.forced = levels;
    this.cache.clear();
  }

  /** Whether an operator set the cell's level (rather than its health). */
  isForced(cellId: string): boolean {
    return this.forced.has(cellId);
  }

  levelOf(cellId: string, now: number): DegradationLevel {
    const cached = this.cache.get(cellId);
    if (cached !== undefined && now - cached.at < RECOMPUTE_MS) {
      return cached.level;
    }

    const level = this.forced.get(cellId) ?? this.compute(cellId);
    this.cache.set(cellId, { level, at: now });

    return level;
  }

  private compute(cellId: string): DegradationLevel {
    const total = this.instanceCount(cellId);
    if (total === 0) return 'survival';

    const stats = this.stats(cellId);
    // A cell not yet served has no balancer state: all its instances count.
    const available =
      stats.length === 0
        ? total
        : stats.filter((s) => s.healthy && s.breaker !== 'open').length;

    if (available >= total) return 'normal';
    if (available * 2 >= total) return 'degraded';
    if (available > 0) return 'limited';

    return 'survival';
  }
}

/** Parses `cell=level,cell=level` (GATEWAY_FORCED_DEGRADATION). */
export function parseForcedLevels(
  text: string,
): Map<string, DegradationLevel> | string {
  const levels = new Map<string, DegradationLevel>();
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [cell, level, extra] = part.split('=').map((s) => s.trim());
    if (
      cell === undefined ||
      cell === '' ||
      extra !== undefined ||
      !(DEGRADATION_LEVELS as readonly string[]).includes(level ?? '')
    ) {
      return `not cell=level with a level of ${DEGRADATION_LEVELS.join(', ')}: ${part}`;
    }
    levels.set(cell, level as DegradationLevel);
  }

  return levels;
}
