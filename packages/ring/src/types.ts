/** Lifecycle of a cell as the control plane declares it in a snapshot. */
export type CellState = 'active' | 'draining' | 'failed';

/** A cell as placement sees it: identity, size and state. */
export interface PlacementCell {
  id: string;
  /** Requests per second the cell is sized for; scales its ring points. */
  capacityRps: number;
  /** Operator multiplier on top of capacity (1 = as sized). */
  weight: number;
  state: CellState;
}

/** A tenant pinned to a cell, usually after a rebalance or migration. */
export interface PlacementOverride {
  tenantId: string;
  cellId: string;
  reason: string;
}

export interface RingOptions {
  /** Ring points of a cell at the reference capacity and weight 1. */
  virtualNodes?: number;
  /** Capacity that earns exactly `virtualNodes` points. */
  referenceCapacityRps?: number;
}

/** One point of a cell on the ring: point `index` sits at `hash`. */
export interface VirtualNode {
  cellId: string;
  index: number;
  hash: number;
}

/** Why a tenant is placed where it is, for the console and for logs. */
export interface PlacementExplanation {
  tenantId: string;
  cellId: string;
  source: 'override' | 'ring';
  /** murmur3 of the tenant id (uint32). */
  tenantHash: number;
  /** The ring point that won, when `source` is `'ring'`. */
  vnode?: VirtualNode;
  /** The override that applied, when `source` is `'override'`. */
  override?: PlacementOverride;
}

export const RING_DEFAULTS = {
  virtualNodes: 150,
  referenceCapacityRps: 10_000,
} as const satisfies Required<RingOptions>;
