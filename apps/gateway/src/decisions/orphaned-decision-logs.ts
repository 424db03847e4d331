import { readdir } from 'node:fs/promises';

import type { Logger } from '@cellplane/telemetry';

import type { Runner } from '../runner';
import type { PolicyMetrics } from '../telemetry/policy-metrics';
import { DecisionLog } from './decision-log';
import {
  DecisionShipper,
  type DecisionShipperOptions,
} from './decision-shipper';

export interface OrphanedDecisionLogsOptions {
  /** `<stateDir>/decisions`. */
  readonly dir: string;
  /** Workers the gateway runs now: `w0` to `w<workers - 1>` have owners. */
  readonly workers: number;
  readonly gatewayId: string;
  readonly maxBytes: number;
  readonly fileBytes: number;
  readonly controlPlane: DecisionShipperOptions['controlPlane'];
  readonly shipIntervalMs: number;
  readonly logger: Logger;
  readonly metrics: PolicyMetrics;
}

const WORKER_FILE = /^w(\d+)-\d{10}\.ndjson$/;

/**
 * Ships the decision logs that no worker owns any more: each worker
 * writes and ships its own files (`w<index>-*`), so after a restart with
 * fewer workers (GATEWAY_WORKERS lowered, or a smaller machine when it
 * defaults to the cores) the files of the indexes gone would stay on the
 * disk, unshipped and uncounted. The leading worker opens each such set
 * as an adopted log (from its saved cursor, no new files) and ships it
 * until the gateway stops; a set wholly shipped leaves no file behind.
 */
export class OrphanedDecisionLogs implements Runner {
  readonly name = 'orphaned-decision-logs';

  private readonly running: { log: DecisionLog; shipper: DecisionShipper }[] =
    [];

  constructor(private readonly options: OrphanedDecisionLogsOptions) {}

  async start(): Promise<void> {
    const { dir, workers, logger } = this.options;
    const names = await readdir(dir).catch(() => [] as string[]);
    const orphans = new Set<number>();
    for (const name of names) {
      const index = Number(WORKER_FILE.exec(name)?.[1] ?? -1);
      if (index >= workers) orphans.add(index);
    }

    for (const index of [...orphans].sort((a, b) => a - b)) {
      const prefix = `w${index}`;
      logger.info(
        { prefix, workers },
        'shipping the decision log of a worker no longer run',
      );
      const log = new DecisionLog({
        dir,
        prefix,
        gatewayId: this.options.gatewayId,
        fileBytes: this.options.fileBytes,
        maxBytes: this.options.maxBytes,
        logger,
        metrics: this.options.metrics,
        adopted: true,
      });
      const shipper = new DecisionShipper({
        log,
        controlPlane: this.options.controlPlane,
        gatewayId: this.options.gatewayId,
        intervalMs: this.options.shipIntervalMs,
        logger,
        metrics: this.options.metrics,
      });
      await log.start();
      await shipper.start();
      this.running.push({ log, shipper });
    }
  }

  async close(): Promise<void> {
    for (const { log, shipper } of this.running.splice(0)) {
      await shipper.close();
      await log.close();
    }
  }
}
