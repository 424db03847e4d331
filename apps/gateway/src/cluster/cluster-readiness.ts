import cluster, { type Worker } from 'node:cluster';

import { isIpcMessage } from './ipc-message';

/**
 * `/readyz` for the whole gateway under node:cluster: a load balancer that
 * asks the tenant port reaches one worker, but its connections go to all
 * of them, so the gateway is ready only when every worker is. Each worker
 * tells the primary its own readiness whenever it changes (checked every
 * `CHECK_MS`); the worker answering `/readyz` asks the primary whether
 * every live worker has said ready.
 *
 * ```ts
 * // primary, once:      trackWorkerReadiness();
 * // every worker, once: reportReadiness(() => localReason === null);
 * // per /readyz:        await gatewayReady() // { ready, workers, readyWorkers } | null
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

export interface GatewayReadiness {
  readonly ready: boolean;
  readonly workers: number;
  readonly readyWorkers: number;
}

interface Report {
  readonly type: typeof REPORT;
  readonly ready: boolean;
}

interface Ask {
  readonly type: typeof ASK;
  readonly requestId: number;
}

interface Answer extends GatewayReadiness {
  readonly type: `${typeof ASK}:answer`;
  readonly requestId: number;
}

/** In the primary: keeps each worker's readiness and answers for all. */
export function trackWorkerReadiness(): void {
  const ready = new Map<number, boolean>();

  cluster.on('exit', (worker: Worker) => ready.delete(worker.id));
  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isIpcMessage<Report>(message, REPORT)) {
      ready.set(worker.id, message.ready);

      return;
    }
    if (!isIpcMessage<Ask>(message, ASK)) return;

    const live = Object.values(cluster.workers ?? {}).filter(
      (w): w is Worker => w !== undefined && w.isConnected(),
    );
    const readyWorkers = live.filter((w) => ready.get(w.id) === true).length;
    const answer: Answer = {
      type: `${ASK}:answer`,
      requestId: message.requestId,
      ready: live.length > 0 && readyWorkers === live.length,
      workers: live.length,
      readyWorkers,
    };
    if (worker.isConnected()) worker.send(answer);
  });
}

/** In a worker: tells the primary this worker's readiness on each change. */
export function reportReadiness(isReady: () => boolean): void {
  let last: boolean | null = null;
  const check = (): void => {
    const ready = isReady();
    if (ready === last) return;
    last = ready;
    const report: Report = { type: REPORT, ready };
    process.send?.(report);
  };

  // Unref'd: it never keeps a draining worker alive.
  setInterval(check, CHECK_MS).unref();
  check();
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
      const { ready, workers, readyWorkers } = message;
      resolve({ ready, workers, readyWorkers });
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
