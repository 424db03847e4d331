import type { Limits, RingSettings, SigningKey } from '@cellplane/contract';
import type { Logger } from '@cellplane/telemetry';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';

import type { Db } from '../db/db-types';
import type {
  PublisherStatus,
  PublishRequester,
  PublishTrigger,
} from './publish-requester';
import { servedSnapshot, type ServedSnapshot } from './load-snapshot';
import {
  publishSnapshot,
  type PublishMemo,
  type PublishResult,
} from './publish-snapshot';

export const PUBLISH_QUEUE = 'snapshot-publish';
const RECONCILE_SCHEDULER = 'snapshot-reconcile';

export interface SnapshotPublisherOptions {
  readonly db: Db;
  readonly key: SigningKey;
  readonly ring: RingSettings;
  readonly limits?: Limits;
  readonly queuePrefix: string;
  /** For the queue and for pub/sub announcements. */
  readonly connection: Redis;
  /** For the worker: `maxRetriesPerRequest: null`, as BullMQ requires. */
  readonly workerConnection: Redis;
  readonly channel: string;
  readonly debounceMs: number;
  readonly attempts: number;
  readonly reconcileMs: number;
  readonly lockMs: number;
  readonly stalledCheckMs: number;
  readonly logger: Logger;
  /** Called with each snapshot this process stores, before announcing it. */
  readonly onPublished: (snapshot: ServedSnapshot) => void;
}

/**
 * Publishes snapshots through the `snapshot-publish` BullMQ queue. Every
 * change adds a job under one deduplication id: jobs added while one waits
 * join it, and one added while a job runs is kept as the single next job
 * (BullMQ `keepLastIfActive`), so a burst of changes yields one or two
 * publishes and none is lost. A reconcile job every `reconcileMs` catches
 * a request lost to a Redis outage.
 */
export class SnapshotPublisher implements PublishRequester {
  private queue: Queue | null = null;
  private worker: Worker | null = null;
  private lastFailure: PublisherStatus['lastFailure'] = null;
  private readonly memo: { current: PublishMemo | null } = { current: null };

  constructor(private readonly options: SnapshotPublisherOptions) {}

  async start(): Promise<void> {
    const { queuePrefix, connection, workerConnection, logger } = this.options;

    this.queue = new Queue(PUBLISH_QUEUE, { connection, prefix: queuePrefix });
    this.worker = new Worker(PUBLISH_QUEUE, (job) => this.process(job), {
      connection: workerConnection,
      prefix: queuePrefix,
      concurrency: 1,
      lockDuration: this.options.lockMs,
      stalledInterval: this.options.stalledCheckMs,
      // A publish is idempotent, so a job whose worker died (even twice) is
      // simply run again rather than failed (case K19).
      maxStalledCount: 5,
    });
    this.worker.on('failed', (job, error) => this.recordFailure(job, error));
    this.worker.on('stalled', (jobId) =>
      logger.warn({ jobId }, 'publish job stalled, running it again'),
    );
    this.worker.on('error', (error) =>
      logger.error({ err: error }, 'publish worker error'),
    );

    await this.queue.upsertJobScheduler(
      RECONCILE_SCHEDULER,
      { every: this.options.reconcileMs },
      {
        name: 'reconcile',
        data: { author: 'control-api', cause: 'reconcile' },
      },
    );

    // Publishes the first snapshot of an empty database, and whatever a
    // crash left committed but unpublished.
    await this.request({ author: 'control-api', cause: 'startup' });
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  async request(trigger: PublishTrigger): Promise<void> {
    const { logger } = this.options;

    try {
      const job = await this.requireQueue().add('publish', trigger, {
        deduplication: { id: PUBLISH_QUEUE, keepLastIfActive: true },
        delay: this.options.debounceMs,
        attempts: this.options.attempts,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: 200,
        removeOnFail: 500,
      });
      logger.debug(
        { jobId: job.id, requestId: trigger.requestId, cause: trigger.cause },
        'publish requested',
      );
    } catch (error) {
      logger.error(
        { err: error, requestId: trigger.requestId },
        'publish request failed',
      );
    }
  }

  async status(): Promise<PublisherStatus> {
    const counts = await this.requireQueue().getJobCounts(
      'waiting',
      'active',
      'delayed',
      'failed',
    );

    return {
      waiting: counts.waiting ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      lastFailure: this.lastFailure,
    };
  }

  private async process(
    job: Job<PublishTrigger>,
  ): Promise<Omit<PublishResult, 'envelope'>> {
    const log = this.options.logger.child({ jobId: job.id });
    const startedAt = performance.now();
    log.info(
      { attempt: job.attemptsMade + 1, cause: job.data.cause },
      'publish started',
    );

    const result = await publishSnapshot(
      { ...this.options, memo: this.memo },
      job.data,
    );
    log.info(
      { snapshotVersion: result.version, created: result.created },
      result.created ? 'snapshot stored' : 'snapshot unchanged',
    );

    if (result.envelope) {
      this.options.onPublished(servedSnapshot(result.envelope));
    }

    // Announced even when unchanged: a run after a crash may be the only
    // chance to announce what the crashed run stored.
    await this.options.connection.publish(
      this.options.channel,
      String(result.version),
    );
    log.info(
      {
        snapshotVersion: result.version,
        durationMs: Math.round(performance.now() - startedAt),
      },
      'snapshot announced',
    );

    // The job's return value is stored in Redis: the version, not the body.
    return { version: result.version, created: result.created };
  }

  private recordFailure(job: Job | undefined, error: Error): void {
    const attempt = job?.attemptsMade ?? 0;
    const final = attempt >= this.options.attempts;

    this.lastFailure = {
      jobId: job?.id ?? 'unknown',
      at: new Date().toISOString(),
      attempt,
      message: error.message,
    };
    this.options.logger[final ? 'error' : 'warn'](
      { jobId: job?.id, attempt, final, err: error },
      final ? 'publish failed for good' : 'publish failed, will retry',
    );
  }

  private requireQueue(): Queue {
    if (!this.queue) throw new Error('snapshot publisher is not started');

    return this.queue;
  }
}
