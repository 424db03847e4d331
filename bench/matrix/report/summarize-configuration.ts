import type { ClosedLoopRun } from '../measure/measure-closed-loop';
import type { OpenLoopResult } from '../measure/open-loop-result';
import type {
  MeasuredResult,
  OpenLoopSummary,
  OpenLoopWindow,
  RunRecord,
} from './bench-result';
import { median } from './median';

export interface ConfigurationMeasurements {
  readonly description: string;
  readonly measuredProcesses: string;
  readonly details: Readonly<Record<string, string | number>>;
  readonly runs: readonly ClosedLoopRun[];
  /** Its open-loop windows, one per round, in round order. */
  readonly openLoops: readonly OpenLoopResult[];
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
  directOpenLoops: readonly OpenLoopResult[] | null,
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
    open_loop:
      m.openLoops.length > 0
        ? openLoopSummary(
            m.openLoops,
            directOpenLoops,
            m.openLoopDurationS,
            pick((r) => r.rps)!,
          )
        : null,
    added_latency_ms: medianAddedLatency(m.openLoops, directOpenLoops),
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

/**
 * The added latency of a configuration: in each round its percentile
 * minus direct's percentile in the same round (measured close together,
 * so under the same load of the machine), then the median over the
 * rounds, so one window's stall neither fails nor passes a goal.
 */
function medianAddedLatency(
  windows: readonly OpenLoopResult[],
  directWindows: readonly OpenLoopResult[] | null,
): { p50: number; p99: number } | null {
  if (directWindows === null) return null;

  const rounds = Math.min(windows.length, directWindows.length);
  if (rounds === 0) return null;

  const added = Array.from({ length: rounds }, (_, i) =>
    addedLatency(windows[i]!, directWindows[i]!),
  );

  return {
    p50: round(median(added.map((a) => a.p50))!, 3),
    p99: round(median(added.map((a) => a.p99))!, 3),
  };
}

function openLoopSummary(
  windows: readonly OpenLoopResult[],
  directWindows: readonly OpenLoopResult[] | null,
  durationS: number,
  closedLoopRps: number,
): OpenLoopSummary {
  const mid = (f: (w: OpenLoopResult) => number) =>
    round(median(windows.map(f))!, 3);
  const sum = (f: (w: OpenLoopResult) => number) =>
    windows.reduce((total, w) => total + f(w), 0);
  const rateRps = windows[0]!.rateRps;

  return {
    rate_rps: rateRps,
    duration_s: durationS,
    completed: sum((w) => w.completed),
    non_2xx: sum((w) => w.non2xx),
    errors: sum((w) => w.errors),
    p50_ms: mid((w) => w.p50Ms),
    p99_ms: mid((w) => w.p99Ms),
    max_ms: mid((w) => w.maxMs),
    client_send_lag_p50_ms: mid((w) => w.sendLagP50Ms),
    client_send_lag_p99_ms: mid((w) => w.sendLagP99Ms),
    load_fraction: round(rateRps / closedLoopRps, 2),
    windows: windows.map((w, i) => openLoopWindow(w, directWindows?.[i])),
  };
}

function openLoopWindow(
  w: OpenLoopResult,
  direct: OpenLoopResult | undefined,
): OpenLoopWindow {
  const added = direct === undefined ? null : addedLatency(w, direct);

  return {
    completed: w.completed,
    non_2xx: w.non2xx,
    errors: w.errors,
    p50_ms: round(w.p50Ms, 3),
    p99_ms: round(w.p99Ms, 3),
    max_ms: round(w.maxMs, 3),
    client_send_lag_p50_ms: round(w.sendLagP50Ms, 3),
    client_send_lag_p99_ms: round(w.sendLagP99Ms, 3),
    added_p50_ms: added?.p50 ?? null,
    added_p99_ms: added?.p99 ?? null,
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
