import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Live values read at scrape time. */
export interface PolicyMetricSources {
  /** Revision of the bundle in service; null without a policy. */
  revision(): string | null;
  /** Decision log bytes on disk not yet shipped. */
  backlogBytes(): number;
}

export type DecisionResult = 'allow' | 'deny' | 'error';

/**
 * The policy's metrics, registered in the gateway's registry (issue 3):
 * evaluation time from 1 µs, errors, decisions by result, bundle loads
 * that failed, the revision in service, and the decision log's backlog,
 * drops and shipping.
 */
export class PolicyMetrics {
  readonly evalDuration: Histogram;

  readonly evalErrors: Counter;

  readonly decisions: Counter<'result'>;

  readonly loadFailures: Counter<'code'>;

  readonly dropped: Counter;

  readonly remembered: Counter;

  readonly shipped: Counter;

  // Children looked up once: a labelled `inc` hashes its labels per call.
  private readonly byResult: Record<DecisionResult, { inc(): void }>;

  constructor(registry: Registry, sources: PolicyMetricSources) {
    const registers = [registry];

    this.evalDuration = new Histogram({
      name: 'policy_eval_duration_seconds',
      help: 'Time of one policy evaluation in the gateway.',
      buckets: [
        1e-6, 2.5e-6, 5e-6, 1e-5, 2e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 5e-3,
        0.025, 0.1,
      ],
      registers,
    });
    this.evalErrors = new Counter({
      name: 'policy_eval_errors_total',
      help: 'Policy evaluations that failed (each a deny: fail closed).',
      registers,
    });
    this.decisions = new Counter({
      name: 'policy_decisions_total',
      help: 'Policy decisions by result (allow, deny, error).',
      labelNames: ['result'] as const,
      registers,
    });
    this.loadFailures = new Counter({
      name: 'policy_load_failures_total',
      help: 'Policy bundles that could not be put in service, by NACK code.',
      labelNames: ['code'] as const,
      registers,
    });
    this.dropped = new Counter({
      name: 'policy_decisions_dropped_total',
      help: 'Decisions lost before shipping (log full, unreadable or refused).',
      registers,
    });
    this.remembered = new Counter({
      name: 'policy_decisions_remembered_total',
      help: 'Decisions answered from remembered ones, without an evaluation.',
      registers,
    });
    this.shipped = new Counter({
      name: 'policy_decisions_shipped_total',
      help: 'Decisions the control plane acknowledged.',
      registers,
    });

    new Gauge({
      name: 'policy_bundle_revision',
      help: 'The policy bundle revision in service (1 for its label).',
      labelNames: ['revision'] as const,
      // Across node:cluster workers: 1 per revision any worker serves.
      aggregator: 'max',
      registers,
      collect() {
        this.reset();
        const revision = sources.revision();
        if (revision !== null) this.set({ revision }, 1);
      },
    });
    new Gauge({
      name: 'policy_decision_log_backlog_bytes',
      help: 'Decision log bytes on disk not yet shipped.',
      aggregator: 'sum',
      registers,
      collect() {
        this.set(sources.backlogBytes());
      },
    });

    this.byResult = {
      allow: this.decisions.labels({ result: 'allow' }),
      deny: this.decisions.labels({ result: 'deny' }),
      error: this.decisions.labels({ result: 'error' }),
    };
  }

  /**
   * Counts one decision and its result, with the evaluation's time, or
   * null when it was remembered (no evaluation ran).
   */
  countDecision(result: DecisionResult, seconds: number | null): void {
    this.byResult[result].inc();
    if (seconds === null) {
      this.remembered.inc();

      return;
    }
    this.evalDuration.observe(seconds);
    if (result === 'error') this.evalErrors.inc();
  }
}
