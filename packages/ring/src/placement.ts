import { HashRing } from './hash-ring';
import { murmur3 } from './murmur3';
import { RingError } from './ring-error';
import type {
  PlacementCell,
  PlacementExplanation,
  PlacementOverride,
  RingOptions,
} from './types';

/**
 * Tenant to cell: the override table first, then the ring of active cells.
 *
 * An override is honoured when its cell is in `cells` and is `'active'` or
 * `'draining'` (a draining cell keeps the tenants pinned to it until they
 * are moved). It is ignored, and the tenant falls back to the ring, when the
 * cell is missing from `cells` (the contract layer rejects such snapshots
 * before they get here, K12) or is `'failed'` (a failed cell serves nobody,
 * the same rule that takes its ring points away).
 */
export class Placement {
  readonly ring: HashRing;

  private readonly overrides: ReadonlyMap<string, PlacementOverride>;

  constructor(
    cells: readonly PlacementCell[],
    overrides: readonly PlacementOverride[],
    options?: RingOptions,
  ) {
    this.ring = HashRing.build(cells, options);

    const servingCells = new Set(
      cells.filter((cell) => cell.state !== 'failed').map((cell) => cell.id),
    );
    const seen = new Set<string>();
    const usable = new Map<string, PlacementOverride>();

    for (const override of overrides) {
      // Two overrides for one tenant have no right answer; refuse both.
      if (seen.has(override.tenantId)) {
        throw new RingError(
          'RING_DUPLICATE_OVERRIDE',
          `tenant ${override.tenantId} has more than one override`,
        );
      }
      seen.add(override.tenantId);

      if (servingCells.has(override.cellId)) {
        usable.set(override.tenantId, override);
      }
    }
    this.overrides = usable;
  }

  /** Where `tenantId` goes and why; undefined when no cell can take it. */
  explain(tenantId: string): PlacementExplanation | undefined {
    const override = this.overrides.get(tenantId);
    if (override !== undefined) {
      return {
        tenantId,
        cellId: override.cellId,
        source: 'override',
        tenantHash: murmur3(tenantId),
        override,
      };
    }

    const location = this.ring.locate(tenantId);
    if (location === undefined) return undefined;

    return {
      tenantId,
      cellId: location.vnode.cellId,
      source: 'ring',
      tenantHash: location.tenantHash,
      vnode: location.vnode,
    };
  }

  /** The cell id for `tenantId`; undefined when no cell can take it. */
  cellFor(tenantId: string): string | undefined {
    const override = this.overrides.get(tenantId);

    return override !== undefined
      ? override.cellId
      : this.ring.lookup(tenantId);
  }
}
