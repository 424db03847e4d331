/** Prefix of the one line the open-loop client prints. */
export const OPEN_LOOP_JSON_MARKER = 'BENCH_OPEN_LOOP_JSON';

/** What one open-loop run measured; latencies from each due time. */
export interface OpenLoopResult {
  readonly rateRps: number;
  readonly scheduled: number;
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** How late the client itself sent requests (p50, p99): judging it. */
  readonly sendLagP50Ms: number;
  readonly sendLagP99Ms: number;
}
