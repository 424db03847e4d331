import type { Cell, Instance } from '@cellplane/contract';
import { LeastConnectionBalancer } from '@cellplane/resilience';

/** An instance chosen for one request; settled once when it is done. */
export interface InstanceLease {
  readonly instance: Instance;
  /**
   * How the request went: `failure` counts against the instance's breaker
   * and health score; `cancelled` (the client left) only frees the slot.
   */
  release(
    outcome: 'success' | 'failure' | 'cancelled',
    latencyMs: number,
  ): void;
}

interface CellBalancer {
  readonly balancer: LeastConnectionBalancer;
  /** The cell object of the table it was last set from (tables are immutable). */
  readonly cell: Cell;
  readonly instances: ReadonlyMap<string, Instance>;
}

/**
 * Chooses the instance of a cell for each request, and is the only module
 * that does: weighted least-connection over the instances whose circuit
 * breaker lets a request through (`@cellplane/resilience`), with the health
 * score of the architecture (latency and error EMA). One balancer per cell
 * keeps its instances' state across snapshots while they stay.
 */
export class InstanceBalancer {
  private readonly cells = new Map<string, CellBalancer>();

  /** The instance to use, or null when none of the cell's can take it. */
  acquire(cell: Cell): InstanceLease | null {
    const { balancer, instances } = this.balancerFor(cell);

    const lease = balancer.pick();
    const instance = lease && instances.get(lease.instanceId);
    if (lease === undefined || instance === undefined) return null;

    return {
      instance,
      release: (outcome, latencyMs) => {
        if (outcome === 'failure') lease.failure(latencyMs);
        else lease.success(latencyMs);
      },
    };
  }

  /** In-flight requests per instance of a cell, for tests and metrics. */
  load(cellId: string, instanceId: string): number {
    const stats = this.cells.get(cellId)?.balancer.snapshot();

    return stats?.find((s) => s.id === instanceId)?.inFlight ?? 0;
  }

  /**
   * Follows a new snapshot: cells that stay keep their instances' state
   * (in-flight counts, breakers); cells that left are forgotten.
   */
  retain(cells: ReadonlyMap<string, Cell>): void {
    for (const [id, entry] of this.cells) {
      const cell = cells.get(id);
      if (cell === undefined) this.cells.delete(id);
      else this.update(cell, entry);
    }
  }

  private balancerFor(cell: Cell): CellBalancer {
    const entry = this.cells.get(cell.id);
    if (entry?.cell === cell) return entry;

    return this.update(cell, entry);
  }

  private update(cell: Cell, entry: CellBalancer | undefined): CellBalancer {
    const balancer = entry?.balancer ?? new LeastConnectionBalancer([]);
    if (entry === undefined || !sameInstances(entry.instances, cell)) {
      balancer.setInstances(cell.instances);
    }

    const next = {
      balancer,
      cell,
      instances: new Map(cell.instances.map((i) => [i.id, i])),
    };
    this.cells.set(cell.id, next);

    return next;
  }
}

function sameInstances(
  known: ReadonlyMap<string, Instance>,
  cell: Cell,
): boolean {
  return (
    known.size === cell.instances.length &&
    cell.instances.every((i) => {
      const seen = known.get(i.id);

      return (
        seen !== undefined && seen.url === i.url && seen.weight === i.weight
      );
    })
  );
}
