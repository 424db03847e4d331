import { Pool } from 'undici';

import { percentile } from '../../load/percentile';
import { assertLoopbackUrl } from './loopback-url';
import { OpenLoopSchedule } from './open-loop-schedule';

/** Prefix of the one line the client process prints. */
export const OPEN_LOOP_JSON_MARKER = 'BENCH_OPEN_LOOP_JSON';

export interface OpenLoopOptions {
  readonly url: string;
  readonly path: string;
  readonly tenantIds: readonly string[];
  readonly rateRps: number;
  /** Measured seconds; `warmupS` at the same rate come first, unrecorded. */
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  readonly timeoutMs: number;
  /**
   * Headers of request `index`; by default `x-tenant-id` rotating over
   * `tenantIds` (token configurations give bearer tokens too).
   */
  readonly headersFor?: (index: number) => Record<string, string>;
}

export interface OpenLoopResult {
  readonly rateRps: number;
  readonly scheduled: number;
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** How late the client itself sent requests (p99), for judging it. */
  readonly sendLagP99Ms: number;
}

/**
 * Sends `rateRps` requests per second on a fixed clock for
 * `warmupS + durationS` seconds and reports latency from each request's due
 * time. The loop yields with setImmediate rather than a timer (whose 1 ms
 * granularity would be as large as the interval at 1,000 req/s), so the
 * client keeps its core busy: it runs pinned to the load generator's core.
 */
export async function runOpenLoop(
  options: OpenLoopOptions,
): Promise<OpenLoopResult> {
  const target = assertLoopbackUrl(options.url);
  const schedule = new OpenLoopSchedule(
    options.rateRps,
    options.warmupS + options.durationS,
  );
  const firstRecorded = Math.round(options.rateRps * options.warmupS);
  const pool = new Pool(target.origin, {
    connections: options.connections,
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });

  const latencies: number[] = [];
  const sendLags: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let completed = 0;

  const start = performance.now();
  const pending: Promise<void>[] = [];
  let next = 0;

  const headersFor =
    options.headersFor ??
    ((index: number) => ({
      'x-tenant-id': options.tenantIds[index % options.tenantIds.length]!,
    }));

  const fire = (index: number): Promise<void> => {
    const headers = headersFor(index);
    const recorded = index >= firstRecorded;
    if (recorded)
      sendLags.push(schedule.latencyOf(index, performance.now() - start));

    return pool
      .request({
        method: 'GET',
        path: options.path,
        headers,
      })
      .then(async (response) => {
        await response.body.dump();
        if (!recorded) return;
        completed += 1;
        if (response.statusCode < 200 || response.statusCode >= 400) {
          non2xx += 1;
        }
        latencies.push(schedule.latencyOf(index, performance.now() - start));
      })
      .catch(() => {
        if (recorded) errors += 1;
      });
  };

  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const due = schedule.dueBy(performance.now() - start);
      while (next < due) pending.push(fire(next++));

      if (next < schedule.total) setImmediate(tick);
      else resolve();
    };
    tick();
  });

  await Promise.all(pending);
  await pool.close();

  latencies.sort((a, b) => a - b);
  sendLags.sort((a, b) => a - b);

  return {
    rateRps: options.rateRps,
    scheduled: schedule.total - firstRecorded,
    completed,
    non2xx,
    errors,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    sendLagP99Ms: percentile(sendLags, 99),
  };
}
