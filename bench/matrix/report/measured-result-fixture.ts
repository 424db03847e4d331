import type { MeasuredResult } from './bench-result';

/** A measured configuration's entry for report tests; `more` overrides. */
export function measuredResult(
  rps: number,
  more: Partial<MeasuredResult> = {},
): MeasuredResult {
  return {
    status: 'measured',
    description: '',
    measured_processes: '',
    details: {},
    rps,
    rps_min: rps,
    rps_max: rps,
    p50_ms: 1,
    p99_ms: 2,
    cpu_us_per_req: 70,
    upstream_cpu_us_per_req: null,
    rss_mb: 100,
    rss_mb_max_process: 100,
    errors: 0,
    open_loop: null,
    added_latency_ms: null,
    runs: [],
    ...more,
  };
}
