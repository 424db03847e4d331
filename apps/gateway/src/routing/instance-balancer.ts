import type { Cell, Instance } from '@cellplane/contract';
import {
  LeastConnectionBalancer,
  type CircuitBreakerOptions,
  type InstanceStats,
  type Lease,
} from '@cellplane/resilience';

/** An instance chosen for one request; settled once when it is done. */
export interface InstanceLease {
  readonly instance: Instance;
  /** Whether the request is the instance's half-open breaker probe. */
  readonly probe: boolean;
  /** Not sent after all: frees the slot and the probe, counts nothing. */
  abandon(): void;
  /**
   * How the request went: `failure` counts against the instance's breaker
   * and health score; `cancelled` (the client left) only frees the slot.
   */
  release(
    outcome: 'success' | 'failure' | 'cancelled',
    latencyMs: number,
    now?: number,
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
export interface InstanceBalancerOptions {
  /** Breaker settings per instance; DESIGN.md's figures when absent. */
  readonly breaker?: Omit<CircuitBreakerOptions, 'now'>;
  /** Active health checks: an unhealthy instance gets no traffic (K11). */
  readonly isHealthy?: (cellId: string, instanceId: string) => boolean;
}

export class InstanceBalancer {
  private readonly cells = new Map<string, CellBalancer>();

  constructor(private readonly options: InstanceBalancerOptions = {}) {}

  /**
   * The instance to use, or null when none of the cell's can take it.
   * `excluded` (an instance that just failed this request) is passed over
   * while another can take the request: a retry goes elsewhere.
   */
  acquire(
    cell: Cell,
    excluded: string | null = null,
    now: number = performance.now(),
  ): InstanceLease | null {
    const { balancer, instances } = this.balancerFor(cell);
    if (excluded !== null && instances.size < 2) return null;

    let lease = balancer.pick(now);
    if (excluded !== null && lease?.instanceId === excluded) {
      // Held while picking again, so least-connection counts it as busy.
      // Reported as failed: it has just failed this very request.
      const skipped = lease;
      lease = balancer.pick(now);
      skipped.failure(0);
      if (lease?.instanceId === excluded) {
        lease.failure(0);
        lease = undefined;
      }
    }
    const instance = lease && instances.get(lease.instanceId);
    if (lease === undefined || instance === undefined) return null;

    return new CellLease(instance, lease);
  }

  /** In-flight requests per instance of a cell, for tests and metrics. */
  load(cellId: string, instanceId: string): number {
    const stats = this.cells.get(cellId)?.balancer.snapshot();

    return stats?.find((s) => s.id === instanceId)?.inFlight ?? 0;
  }

  /** Per-instance state of a cell (breakers, load), for readiness and metrics. */
  stats(cellId: string): InstanceStats[] {
    return this.cells.get(cellId)?.balancer.snapshot() ?? [];
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
    const { isHealthy, breaker } = this.options;
    const balancer =
      entry?.balancer ??
      new LeastConnectionBalancer([], {
        ...(breaker === undefined ? {} : { breaker }),
        ...(isHealthy === undefined
          ? {}
          : { isHealthy: (id: string) => isHealthy(cell.id, id) }),
      });
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

/** A class, not a closure per request. */
class CellLease implements InstanceLease {
  constructor(
    readonly instance: Instance,
    private readonly lease: Lease,
  ) {}

  get probe(): boolean {
    return this.lease.probe;
  }

  abandon(): void {
    this.lease.abandon();
  }

  release(
    outcome: 'success' | 'failure' | 'cancelled',
    latencyMs: number,
    now?: number,
  ): void {
    if (outcome === 'failure') this.lease.failure(latencyMs, now);
    else this.lease.success(latencyMs, now);
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
