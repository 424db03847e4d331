import type { Logger } from '@cellplane/telemetry';
import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';

import type { Db } from '../../db/db-types';
import type { HealthRecord, HealthStore } from './health-store';
import { probeInstance, type ProbeOptions } from './probe-instance';

export const HEALTH_QUEUE = 'instance-health';
const HEALTH_SCHEDULER = 'instance-health-probe';

export interface InstanceHealthRunnerOptions {
  readonly db: Db;
  readonly store: HealthStore;
  readonly queuePrefix: string;
  readonly connection: Redis;
  readonly workerConnection: Redis;
  readonly intervalMs: number;
  readonly probe: ProbeOptions;
  readonly logger: Logger;
}

/**
 * A repeatable BullMQ job that probes every instance's `/healthz` and
 * stores up/down in Redis. The scheduler id is fixed, so several
 * control-api processes share one schedule instead of each probing.
 */
export class InstanceHealthRunner {
  private queue: Queue | null = null;
  private worker: Worker | null = null;

  constructor(private readonly options: InstanceHealthRunnerOptions) {}

  async start(): Promise<void> {
    const { queuePrefix, connection, workerConnection, logger } = this.options;

    this.queue = new Queue(HEALTH_QUEUE, { connection, prefix: queuePrefix });
    this.worker = new Worker(HEALTH_QUEUE, (job) => this.process(job), {
      connection: workerConnection,
      prefix: queuePrefix,
      concurrency: 1,
    });
    this.worker.on('failed', (job, error) =>
      logger.warn({ jobId: job?.id, err: error }, 'health probe failed'),
    );
    this.worker.on('error', (error) =>
      logger.error({ err: error }, 'health worker error'),
    );

    await this.queue.upsertJobScheduler(
      HEALTH_SCHEDULER,
      { every: this.options.intervalMs },
      { name: 'probe', opts: { removeOnComplete: 20, removeOnFail: 50 } },
    );
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue?.close();
  }

  private async process(job: Job): Promise<{ probed: number; up: number }> {
    const log = this.options.logger.child({ jobId: job.id });
    const { db, store, probe } = this.options;

    const instances = await db.instance.findMany({
      select: { id: true, url: true },
    });
    const results = await Promise.all(
      instances.map(
        async ({ id, url }) =>
          [id, await probeInstance(url, probe)] as [string, HealthRecord],
      ),
    );

    await store.write(new Map(results));
    await store.retain(instances.map((instance) => instance.id));

    const up = results.filter(([, record]) => record.health === 'up').length;
    log.debug({ probed: results.length, up }, 'instances probed');

    return { probed: results.length, up };
  }
}
