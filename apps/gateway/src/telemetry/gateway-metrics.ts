import {
  Counter,
  Gauge,
  Registry,
  collectDefaultMetrics,
  type Histogram,
  type MetricValueWithName,
} from 'prom-client';

import {
  answerMetricsRequests,
  clusterMetricsText,
  inClusterWorker,
} from '../cluster/cluster-metrics';

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

const DURATION_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2,
];

/** One cell's request counts, as plain numbers. */
interface CellCounts {
  readonly byStatus: Map<number, number>;
  /** Requests per duration bucket, not cumulative; the last is +Inf. */
  readonly buckets: Float64Array;
  sum: number;
  count: number;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own so that two
 * gateways in one process (tests) never share counters.
 *
 * Requests are counted in plain numbers per cell and handed to prom-client
 * only when scraped: a labelled `inc` or `observe` validates and hashes
 * its labels on every call, even through a child, which cost more than
 * the rest of the access log at the gateway's request rate.
 *
 * Under node:cluster every worker keeps its own registry and `text()` in
 * the admin worker returns the sum over all workers (cluster-metrics.ts);
 * gauges declare how they merge (`min` for the applied version, `max` for
 * ages, staleness and levels, `sum` for requests in flight).
 */
export class GatewayMetrics {
  readonly registry = new Registry();

  private readonly cells = new Map<string, CellCounts>();

  /** Requests answered, by cell ("none" before a cell is known) and status. */
  readonly requests = new Counter({
    name: 'gateway_requests_total',
    help: 'Requests answered by the gateway, by cell and HTTP status.',
    labelNames: ['cell', 'status'] as const,
    registers: [this.registry],
    collect: () => {
      this.requests.reset();
      for (const [cell, counts] of this.cells) {
        for (const [status, n] of counts.byStatus) {
          this.requests.inc({ cell, status: String(status) }, n);
        }
      }
    },
  });

  readonly snapshotUpdates = new Counter({
    name: 'gateway_snapshot_updates_total',
    help: 'Snapshots accepted or rejected, by result and code.',
    labelNames: ['result', 'code'] as const,
    registers: [this.registry],
  });

  /** Counts one answered request and its duration. */
  countRequest(cell: string, status: number, seconds: number): void {
    let counts = this.cells.get(cell);
    if (counts === undefined) {
      counts = {
        byStatus: new Map(),
        buckets: new Float64Array(DURATION_BUCKETS.length + 1),
        sum: 0,
        count: 0,
      };
      this.cells.set(cell, counts);
    }

    counts.byStatus.set(status, (counts.byStatus.get(status) ?? 0) + 1);
    let bucket = 0;
    while (
      bucket < DURATION_BUCKETS.length &&
      seconds > DURATION_BUCKETS[bucket]!
    ) {
      bucket += 1;
    }
    counts.buckets[bucket]! += 1;
    counts.sum += seconds;
    counts.count += 1;
  }

  /** The metrics text for `/metrics`: the whole gateway's under cluster. */
  text(): Promise<string> {
    return inClusterWorker()
      ? clusterMetricsText(this.registry)
      : this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  constructor(sources: MetricSources) {
    const { registry } = this;
    registry.registerMetric(durationHistogram(this.cells));
    if (inClusterWorker()) answerMetricsRequests(registry);

    new Gauge({
      name: 'gateway_cell_state',
      help: 'Cell health from active checks: 1 for its current state.',
      labelNames: ['cell', 'state'] as const,
      registers: [registry],
      aggregator: 'max',
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
      aggregator: 'max',
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
      aggregator: 'min',
      collect() {
        this.set(sources.appliedVersion() ?? 0);
      },
    });

    new Gauge({
      name: 'gateway_snapshot_age_seconds',
      help: 'Seconds since the applied snapshot was accepted (-1 when none).',
      registers: [registry],
      aggregator: 'max',
      collect() {
        const at = sources.snapshotAcceptedAt();
        this.set(at === null ? -1 : (Date.now() - at) / 1000);
      },
    });

    new Gauge({
      name: 'gateway_control_plane_contact_age_seconds',
      help: 'Seconds since the control plane last answered (-1 when never).',
      registers: [registry],
      aggregator: 'max',
      collect() {
        this.set(sources.contactAgeSeconds() ?? -1);
      },
    });

    new Gauge({
      name: 'gateway_config_stale',
      help: '1 when the gateway serves config it cannot know to be current.',
      registers: [registry],
      aggregator: 'max',
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

/**
 * `gateway_request_duration_seconds` by cell, read from the plain counts
 * at scrape time in prom-client's histogram form, so it formats and merges
 * across workers like any histogram.
 */
function durationHistogram(cells: ReadonlyMap<string, CellCounts>): Histogram {
  const name = 'gateway_request_duration_seconds';
  const help = 'Time from request to the end of the response, by cell.';
  const get = () => {
    const values: MetricValueWithName<string>[] = [];
    for (const [cell, counts] of cells) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((le, i) => {
        cumulative += counts.buckets[i]!;
        values.push({
          metricName: `${name}_bucket`,
          labels: { le, cell },
          value: cumulative,
        });
      });
      values.push(
        {
          metricName: `${name}_bucket`,
          labels: { le: '+Inf', cell },
          value: counts.count,
        },
        { metricName: `${name}_sum`, labels: { cell }, value: counts.sum },
        { metricName: `${name}_count`, labels: { cell }, value: counts.count },
      );
    }

    return { name, help, type: 'histogram', values, aggregator: 'sum' };
  };

  // prom-client reads a registered metric only through `name` and `get`.
  return { name, help, get } as unknown as Histogram;
}
