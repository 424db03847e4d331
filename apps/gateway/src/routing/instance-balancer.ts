import type { Cell, Instance } from '@cellplane/contract';

/** An instance chosen for one request; released once when it is done. */
export interface InstanceLease {
  readonly instance: Instance;
  release(outcome: 'success' | 'failure'): void;
}

/**
 * Chooses the instance of a cell for each request: weighted least
 * in-flight requests, ties broken in turn so equal instances share load.
 * Every choice of an instance goes through this module, so breakers and
 * health scores can join here without touching the request path.
 */
export class InstanceBalancer {
  private readonly inFlight = new Map<string, number>();

  private turn = 0;

  /** The instance to use, or null when the cell has none. */
  acquire(cell: Cell): InstanceLease | null {
    const { instances } = cell;
    if (instances.length === 0) return null;

    const start = this.turn++ % instances.length;
    let best: Instance | undefined;
    let bestLoad = Infinity;

    for (let offset = 0; offset < instances.length; offset++) {
      const candidate = instances[(start + offset) % instances.length]!;
      const load = (this.inFlight.get(candidate.id) ?? 0) / candidate.weight;
      if (load < bestLoad) {
        best = candidate;
        bestLoad = load;
      }
    }

    return best === undefined ? null : this.lease(best);
  }

  /** In-flight requests per instance id, for tests and metrics. */
  load(instanceId: string): number {
    return this.inFlight.get(instanceId) ?? 0;
  }

  /** Forgets instances no snapshot holds any more. */
  retain(instanceIds: ReadonlySet<string>): void {
    for (const [id, count] of this.inFlight) {
      if (count === 0 && !instanceIds.has(id)) this.inFlight.delete(id);
    }
  }

  private lease(instance: Instance): InstanceLease {
    this.inFlight.set(instance.id, (this.inFlight.get(instance.id) ?? 0) + 1);

    let released = false;

    return {
      instance,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(
          instance.id,
          (this.inFlight.get(instance.id) ?? 1) - 1,
        );
      },
    };
  }
}
