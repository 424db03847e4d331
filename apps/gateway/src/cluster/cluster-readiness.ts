import cluster, { type Worker } from 'node:cluster';

import { isIpcMessage } from './ipc-message';

/**
 * `/readyz` for the whole gateway under node:cluster: a load balancer that
 * asks the tenant port reaches one worker, but its connections go to all
 * of them, so the gateway is ready only when every worker is. Each worker
 * tells the primary its own state (readiness and the snapshot version it
 * applied) when it swaps a snapshot and whenever a check every `CHECK_MS`
 * finds it changed; the worker answering `/readyz` asks the primary for
 * every live worker's.
 *
 * Workers take pushed snapshots each on its own stream, so for a moment
 * after a push they hold different versions: the version the whole
 * gateway is on is the oldest of them.
 *
 * ```ts
 * // primary, once:      trackWorkerReadiness();
 * // every worker, once: const report = reportReadiness(() => state);
 * //                     store.onSwap(report);
 * // per /readyz:        await gatewayReady() // GatewayReadiness | null
 * ```
 *
 * A worker forked and not yet heard from counts as not ready; one that
 * exits is forgotten. Without an answer from the primary within
 * `ANSWER_MS`, `gatewayReady` gives null and the worker answers for
 * itself.
 */
const REPORT = 'cellplane:worker-ready';
const ASK = 'cellplane:gateway-ready';
const CHECK_MS = 50;
const ANSWER_MS = 1_000;

/** One worker's state as it last reported it. */
export interface WorkerState {
  readonly ready: boolean;
  /** The snapshot version the worker applied; null before its first. */
  readonly version: number | null;
}

/** The oldest and newest snapshot versions the workers hold. */
export interface VersionSpread {
  readonly oldest: number;
  readonly newest: number;
}

export interface GatewayReadiness {
  readonly ready: boolean;
  readonly workers: number;
  readonly readyWorkers: number;
  /** Null while no live worker has applied a snapshot. */
  readonly versions: VersionSpread | null;
}

interface Report extends WorkerState {
  readonly type: typeof REPORT;
}

interface Ask {
  readonly type: typeof ASK;
  readonly requestId: number;
}

interface Answer extends GatewayReadiness {
  readonly type: `${typeof ASK}:answer`;
  readonly requestId: number;
}

/**
 * The gateway's readiness from its live workers' last reports. A live
 * worker without a report is not ready, and holds no version yet.
 */
export function summarizeWorkers(
  live: readonly number[],
  reports: ReadonlyMap<number, WorkerState>,
): GatewayReadiness {
  const states = live.map((id) => reports.get(id));
  const readyWorkers = states.filter((state) => state?.ready === true).length;
  const versions = states
    .map((state) => state?.version)
    .filter((version): version is number => typeof version === 'number');

  return {
    ready: live.length > 0 && readyWorkers === live.length,
    workers: live.length,
    readyWorkers,
    versions:
      versions.length === 0
        ? null
        : { oldest: Math.min(...versions), newest: Math.max(...versions) },
  };
}

/** In the primary: keeps each worker's readiness and answers for all. */
export function trackWorkerReadiness(): void {
  const reports = new Map<number, WorkerState>();

  cluster.on('exit', (worker: Worker) => reports.delete(worker.id));
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isIpcMessage<Report>(message, REPORT)) {
      reports.set(worker.id, {
        ready: message.ready,
        version: message.version,
      });

      return;
    }
    if (!isIpcMessage<Ask>(message, ASK)) return;

    const live = Object.values(cluster.workers ?? {})
      .filter((w): w is Worker => w !== undefined && w.isConnected())
      .map((w) => w.id);
    const answer: Answer = {
      type: `${ASK}:answer`,
      requestId: message.requestId,
      ...summarizeWorkers(live, reports),
    };
    if (worker.isConnected()) worker.send(answer);
  });
}

/**
 * In a worker: tells the primary this worker's state on each change. The
 * returned function reports at once (call it on a snapshot swap, so the
 * primary never lags a version behind); a timer catches the rest.
 */
export function reportReadiness(stateOf: () => WorkerState): () => void {
  let last: WorkerState | null = null;
  const check = (): void => {
    const { ready, version } = stateOf();
    if (ready === last?.ready && version === last.version) return;
    last = { ready, version };
    const report: Report = { type: REPORT, ready, version };
    process.send?.(report);
  };

  // Unref'd: it never keeps a draining worker alive.
  setInterval(check, CHECK_MS).unref();
  check();

  return check;
}

let nextAsk = 0;

/** In a worker: whether every worker is ready; null without an answer. */
export function gatewayReady(): Promise<GatewayReadiness | null> {
  const requestId = nextAsk++;

  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if (
        !isIpcMessage<Answer>(message, `${ASK}:answer`) ||
        message.requestId !== requestId
      ) {
        return;
      }
      clearTimeout(timer);
      process.off('message', onMessage);
      const { ready, workers, readyWorkers, versions } = message;
      resolve({ ready, workers, readyWorkers, versions });
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      resolve(null);
    }, ANSWER_MS);

    process.on('message', onMessage);
    const ask: Ask = { type: ASK, requestId };
    process.send?.(ask);
  });
}
