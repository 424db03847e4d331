import cluster, { type Worker } from 'node:cluster';

import type { Logger } from '@cellplane/telemetry';

import { relayClusterMetrics } from './cluster-metrics';
import { trackWorkerReadiness } from './cluster-readiness';
import { grantProbeSlots } from './probe-slots';

/** The environment variable that tells a worker its index (0 leads). */
export const WORKER_INDEX_VARIABLE = 'GATEWAY_WORKER_INDEX';

const RESTART_DELAY_MS = 1000;

/**
 * Workers in a row that exit before they listen (a port taken, a bad
 * state directory): past this, restarting cannot help, and the primary
 * exits 1 so that its supervisor sees the failure.
 */
const MAX_FAILED_STARTS = 5;

/**
 * The primary of a multi-worker gateway: forks `workers` processes that
 * share the tenant port (node:cluster hands connections round-robin), each
 * a whole gateway that follows, verifies and applies snapshots itself, so
 * none depends on another and a reload never pauses the port. Worker 0
 * leads: it alone saves snapshots, reports to the control plane and
 * serves the admin listener, whose `/metrics` sums every worker's
 * registry through this process (cluster-metrics.ts), and the half-open
 * probe of an instance is granted to one worker at a time by this process
 * (probe-slots.ts). A worker that dies is forked again with its index
 * after a second, unless workers keep dying before they listen
 * (`MAX_FAILED_STARTS`): then the others are stopped and the primary
 * exits 1. SIGTERM/SIGINT are passed to every worker, each drains, and
 * the primary exits when the last one has.
 */
export function runPrimary(
  workers: number,
  logger: Logger,
  exit: (code: number) => never,
): void {
  const running = new Map<number, Worker>();
  let stopping = false;
  let exitCode = 0;
  let failedStarts = 0;

  const stopAll = (signal: NodeJS.Signals): void => {
    stopping = true;
    if (running.size === 0) exit(exitCode);
    for (const worker of running.values()) worker.process.kill(signal);
  };

  const fork = (index: number): void => {
    const worker = cluster.fork({ [WORKER_INDEX_VARIABLE]: String(index) });
    running.set(index, worker);
    let listened = false;
    worker.once('listening', () => {
      listened = true;
      failedStarts = 0;
    });

    worker.once('exit', (code, signal) => {
      running.delete(index);
      if (stopping) {
        if (running.size === 0) exit(exitCode);

        return;
      }
      if (!listened) failedStarts += 1;
      if (failedStarts >= MAX_FAILED_STARTS) {
        logger.fatal(
          { workerIndex: index, code, signal, failedStarts },
          'workers keep exiting before they listen, giving up',
        );
        exitCode = 1;
        stopAll('SIGTERM');

        return;
      }
      logger.error(
        { workerIndex: index, code, signal },
        'worker exited, restarting',
      );
      setTimeout(() => {
        if (!stopping) fork(index);
      }, RESTART_DELAY_MS);
    });
  };

  relayClusterMetrics();
  grantProbeSlots();
  trackWorkerReadiness();
  for (let index = 0; index < workers; index += 1) fork(index);
  logger.info({ workers }, 'gateway primary started');

  const stop = (signal: NodeJS.Signals): void => {
    logger.info({ signal, workers: running.size }, 'stopping workers');
    stopAll(signal);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
