import type { RoutingTable } from './routing-table';

export type SwapListener = (
  next: RoutingTable,
  previous: RoutingTable | null,
) => void;

/**
 * Holds the routing table every request reads. One reference, swapped
 * whole: the atomic apply of a snapshot.
 */
export class SnapshotStore {
  private table: RoutingTable | null = null;

  private readonly listeners: SwapListener[] = [];

  get current(): RoutingTable | null {
    return this.table;
  }

  swap(next: RoutingTable): void {
    const previous = this.table;
    this.table = next;

    for (const listener of this.listeners) listener(next, previous);
  }

  /** Called after every swap, for what follows the table (pools, client). */
  onSwap(listener: SwapListener): void {
    this.listeners.push(listener);
  }
}
