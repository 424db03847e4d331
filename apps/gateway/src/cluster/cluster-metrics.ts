import cluster, { type Worker } from 'node:cluster';

import {
  AggregatorRegistry,
  type MetricObjectWithValues,
  type MetricValue,
  type Registry,
} from 'prom-client';

type WorkerMetrics = MetricObjectWithValues<MetricValue<string>>[];

/**
 * `/metrics` for the whole gateway under node:cluster. Every worker
 * counts what it serves in its own registry; the worker serving the admin
 * listener asks the primary, the primary asks every worker for its
 * registry as JSON over cluster IPC and merges them with prom-client's
 * `AggregatorRegistry.aggregate` (counters and histograms summed, gauges
 * by the aggregator each declares), and the text goes back to the asker.
 *
 * ```ts
 * // primary, once:             relayClusterMetrics();
 * // every worker, once:        answerMetricsRequests(registry);
 * // the admin worker, per scrape: await clusterMetricsText(registry);
 * ```
 *
 * A worker that does not answer within `WORKER_ANSWER_MS` is left out of
 * that scrape (its counters come back with the next one); without an
 * answer from the primary the asking worker reports its own registry,
 * marked by a comment line, rather than nothing.
 */
const ASK_PRIMARY = 'cellplane:gateway-metrics';
const ASK_WORKER = 'cellplane:worker-metrics';
const WORKER_ANSWER_MS = 2_000;
const PRIMARY_ANSWER_MS = 3_000;

interface Ask {
  readonly type: string;
  readonly requestId: number;
}

interface WorkerAnswer extends Ask {
  readonly metrics: WorkerMetrics;
}

interface PrimaryAnswer extends Ask {
  readonly text: string;
}

function isMessage(message: unknown, type: string): message is Ask {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as Ask).type === type &&
    typeof (message as Ask).requestId === 'number'
  );
}

/** In the primary: answers a worker's request with every worker's metrics. */
export function relayClusterMetrics(): void {
  let nextId = 0;
  const pending = new Map<number, (metrics: WorkerMetrics) => void>();

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isMessage(message, `${ASK_WORKER}:answer`)) {
      pending.get(message.requestId)?.((message as WorkerAnswer).metrics);

      return;
    }
    if (!isMessage(message, ASK_PRIMARY)) return;

    const workers = Object.values(cluster.workers ?? {}).filter(
      (w): w is Worker => w !== undefined && w.isConnected(),
    );
    const answers = workers.map(
      (target) =>
        new Promise<WorkerMetrics | null>((resolve) => {
          const requestId = nextId++;
          const timer = setTimeout(() => {
            pending.delete(requestId);
            resolve(null);
          }, WORKER_ANSWER_MS);
          pending.set(requestId, (metrics) => {
            clearTimeout(timer);
            pending.delete(requestId);
            resolve(metrics);
          });
          target.send({ type: ASK_WORKER, requestId });
        }),
    );

    void Promise.all(answers)
      .then((all) =>
        AggregatorRegistry.aggregate(
          all.filter((m): m is WorkerMetrics => m !== null),
        ).metrics(),
      )
      .then((text) => {
        if (worker.isConnected()) {
          worker.send({
            type: `${ASK_PRIMARY}:answer`,
            requestId: message.requestId,
            text,
          });
        }
      });
  });
}

/** In a worker: gives the primary this worker's registry when asked. */
export function answerMetricsRequests(registry: Registry): void {
  process.on('message', (message: unknown) => {
    if (!isMessage(message, ASK_WORKER)) return;

    void registry.getMetricsAsJSON().then((metrics) => {
      process.send?.({
        type: `${ASK_WORKER}:answer`,
        requestId: message.requestId,
        metrics,
      });
    });
  });
}

let nextAsk = 0;

/** In a worker: the whole gateway's metrics text, via the primary. */
export function clusterMetricsText(registry: Registry): Promise<string> {
  const requestId = nextAsk++;

  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if (
        !isMessage(message, `${ASK_PRIMARY}:answer`) ||
        message.requestId !== requestId
      ) {
        return;
      }
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve((message as PrimaryAnswer).text);
    };
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      void registry
        .metrics()
        .then((text) =>
          resolve(`# cluster metrics unavailable: this worker only\n${text}`),
        );
    }, PRIMARY_ANSWER_MS);

    process.on('message', onMessage);
    process.send?.({ type: ASK_PRIMARY, requestId });
  });
}

/** Whether this process is a worker of a multi-worker gateway. */
export function inClusterWorker(): boolean {
  return cluster.isWorker;
}
