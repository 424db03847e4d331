import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
} from 'prom-client';

/** Reads the live values that gauges report at scrape time. */
export interface MetricSources {
  appliedVersion(): number | null;
  snapshotAcceptedAt(): number | null;
  contactAgeSeconds(): number | null;
  stale(): boolean;
  inFlight(): number;
  /** Health state of each cell from active checks (K11). */
  cellStates(): ReadonlyMap<string, 'healthy' | 'degraded' | 'failed'>;
  /** Degradation level of each cell, 0 normal .. 3 survival. */
  cellDegradation(): ReadonlyMap<string, number>;
}

interface RequestChildren {
  readonly count: Map<number, { inc(): void }>;
  readonly duration: { observe(value: number): void };
}

/**
 * The gateway's Prometheus metrics, in a registry of its own so that two
 * gateways in one process (tests) never share counters.
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  /** Requests answered, by cell ("none" before a cell is known) and status. */
  readonly requests = new Counter({
    name: 'gateway_requests_total',
    help: 'Requests answered by the gateway, by cell and HTTP status.',
    labelNames: ['cell', 'status'] as const,
    registers: [this.registry],
  });

  readonly duration = new Histogram({
    name: 'gateway_request_duration_seconds',
    help: 'Time from request to the end of the response, by cell.',
    labelNames: ['cell'] as const,
    buckets: [
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2,
    ],
    registers: [this.registry],
  });

  readonly snapshotUpdates = new Counter({
    name: 'gateway_snapshot_updates_total',
    help: 'Snapshots accepted or rejected, by result and code.',
    labelNames: ['result', 'code'] as const,
    registers: [this.registry],
  });

  // Child metrics per cell and status, looked up once: a labelled
  // `inc({cell, status})` hashes its labels on every call.
  private readonly children = new Map<string, RequestChildren>();

  /** Counts one answered request and its duration. */
  countRequest(cell: string, status: number, seconds: number): void {
    let entry = this.children.get(cell);
    if (entry === undefined) {
      entry = {
        count: new Map(),
        duration: this.duration.labels({ cell }),
      };
      this.children.set(cell, entry);
    }
    let counter = entry.count.get(status);
    if (counter === undefined) {
      counter = this.requests.labels({ cell, status: String(status) });
      entry.count.set(status, counter);
    }
    counter.inc();
    entry.duration.observe(seconds);
  }

  constructor(sources: MetricSources) {
    const { registry } = this;

    new Gauge({
      name: 'gateway_cell_state',
      help: 'Cell health from active checks: 1 for its current state.',
      labelNames: ['cell', 'state'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [cell, state] of sources.cellStates()) {
          for (const s of ['healthy', 'degraded', 'failed'] as const) {
            this.set({ cell, state: s }, s === state ? 1 : 0);
          }
        }
      },
    });

    new Gauge({
      name: 'gateway_cell_degradation_level',
      help: 'Degradation level per cell: 0 normal, 1 degraded, 2 limited, 3 survival.',
      labelNames: ['cell'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [cell, level] of sources.cellDegradation()) {
          this.set({ cell }, level);
        }
      },
    });

    new Gauge({
      name: 'gateway_config_version',
      help: 'Version of the applied snapshot (0 when none).',
      registers: [registry],
      collect() {
        this.set(sources.appliedVersion() ?? 0);
      },
    });

    new Gauge({
      name: 'gateway_snapshot_age_seconds',
      help: 'Seconds since the applied snapshot was accepted (-1 when none).',
      registers: [registry],
      collect() {
        const at = sources.snapshotAcceptedAt();
        this.set(at === null ? -1 : (Date.now() - at) / 1000);
      },
    });

    new Gauge({
      name: 'gateway_control_plane_contact_age_seconds',
      help: 'Seconds since the control plane last answered (-1 when never).',
      registers: [registry],
      collect() {
        this.set(sources.contactAgeSeconds() ?? -1);
      },
    });

    new Gauge({
      name: 'gateway_config_stale',
      help: '1 when the gateway serves config it cannot know to be current.',
      registers: [registry],
      collect() {
        this.set(sources.stale() ? 1 : 0);
      },
    });

    new Gauge({
      name: 'gateway_requests_in_flight',
      help: 'Requests being served now.',
      registers: [registry],
      collect() {
        this.set(sources.inFlight());
      },
    });

    collectDefaultMetrics({ register: registry });
  }
}
