import type { ClosedLoopRun } from '../measure/measure-closed-loop';
import type { OpenLoopResult } from '../measure/open-loop-result';
import type {
  MeasuredResult,
  OpenLoopSummary,
  RunRecord,
} from './bench-result';
import { median } from './median';

export interface ConfigurationMeasurements {
  readonly description: string;
  readonly measuredProcesses: string;
  readonly details: Readonly<Record<string, string | number>>;
  readonly runs: readonly ClosedLoopRun[];
  readonly openLoop: OpenLoopResult | null;
  readonly openLoopDurationS: number;
  /** Resident memory of each measured process after the run, in MB. */
  readonly rssMb: readonly number[];
}

/**
 * One configuration's entry of latest.json: each figure is the median of
 * that figure over the runs (so rps and p99 may come from different runs),
 * rounded for reading; every run is kept beside it.
 */
export function summarizeConfiguration(
  m: ConfigurationMeasurements,
  directOpenLoop: OpenLoopResult | null,
): MeasuredResult {
  if (m.runs.length === 0)
    throw new Error('a measured configuration needs a run');

  const pick = (f: (run: ClosedLoopRun) => number | null) =>
    median(m.runs.map(f).filter((v): v is number => v !== null));

  return {
    status: 'measured',
    description: m.description,
    measured_processes: m.measuredProcesses,
    details: m.details,
    rps: round(
      pick((run) => run.rps)!,
      0,
    ),
    rps_min: round(Math.min(...m.runs.map((run) => run.rps)), 0),
    rps_max: round(Math.max(...m.runs.map((run) => run.rps)), 0),
    p50_ms: round(
      pick((run) => run.p50Ms)!,
      3,
    ),
    p99_ms: round(
      pick((run) => run.p99Ms)!,
      3,
    ),
    cpu_us_per_req: roundOrNull(
      pick((run) => run.cpuUsPerReq),
      1,
    ),
    upstream_cpu_us_per_req: roundOrNull(
      pick((run) => run.upstreamCpuUsPerReq),
      1,
    ),
    rss_mb: round(
      m.rssMb.reduce((sum, mb) => sum + mb, 0),
      1,
    ),
    rss_mb_max_process: round(Math.max(0, ...m.rssMb), 1),
    errors: m.runs.reduce((sum, run) => sum + run.non2xx + run.socketErrors, 0),
    open_loop: m.openLoop
      ? openLoopSummary(
          m.openLoop,
          m.openLoopDurationS,
          pick((r) => r.rps)!,
        )
      : null,
    added_latency_ms:
      m.openLoop && directOpenLoop && m.openLoop !== directOpenLoop
        ? addedLatency(m.openLoop, directOpenLoop)
        : null,
    runs: m.runs.map(runRecord),
  };
}

/**
 * What a hop adds at the open-loop rate: its percentile minus the same
 * percentile of `direct`. A difference of percentiles, not a percentile of
 * differences (requests are not paired); it can come out slightly negative
 * on a noisy machine, and is reported as measured.
 */
export function addedLatency(
  config: Pick<OpenLoopResult, 'p50Ms' | 'p99Ms'>,
  direct: Pick<OpenLoopResult, 'p50Ms' | 'p99Ms'>,
): { p50: number; p99: number } {
  return {
    p50: round(config.p50Ms - direct.p50Ms, 3),
    p99: round(config.p99Ms - direct.p99Ms, 3),
  };
}

function openLoopSummary(
  r: OpenLoopResult,
  durationS: number,
  closedLoopRps: number,
): OpenLoopSummary {
  return {
    rate_rps: r.rateRps,
    duration_s: durationS,
    completed: r.completed,
    non_2xx: r.non2xx,
    errors: r.errors,
    p50_ms: round(r.p50Ms, 3),
    p99_ms: round(r.p99Ms, 3),
    max_ms: round(r.maxMs, 3),
    client_send_lag_p50_ms: round(r.sendLagP50Ms, 3),
    client_send_lag_p99_ms: round(r.sendLagP99Ms, 3),
    load_fraction: round(r.rateRps / closedLoopRps, 2),
  };
}

function runRecord(run: ClosedLoopRun): RunRecord {
  return {
    rps: round(run.rps, 0),
    p50_ms: round(run.p50Ms, 3),
    p99_ms: round(run.p99Ms, 3),
    cpu_us_per_req: roundOrNull(run.cpuUsPerReq, 1),
    upstream_cpu_us_per_req: roundOrNull(run.upstreamCpuUsPerReq, 1),
    requests: run.requests,
    non_2xx: run.non2xx,
    socket_errors: run.socketErrors,
    fresh_tokens: run.freshTokens,
  };
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;

  return Math.round(value * scale) / scale;
}

function roundOrNull(value: number | null, digits: number): number | null {
  return value === null ? null : round(value, digits);
}
