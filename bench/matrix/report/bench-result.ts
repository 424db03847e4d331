import type { PolicyFigures } from '../../policy/policy-figures';
import type { ConfigurationName } from '../configurations/bench-configuration';
import type { GoalCheck } from './evaluate-goals';
import type { SourceRevision } from './source-revision';

/** The machine and moment of a run, as the doc states them. */
export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly kernel: string;
  readonly wrk: string;
  /** 1, 5 and 15 minute load averages when the run started and ended. */
  readonly loadAverageStart: readonly number[];
  readonly loadAverageEnd: readonly number[];
}

/** What an open-loop run measured: counts, latencies, the client's lag. */
export interface OpenLoopFigures {
  readonly completed: number;
  readonly non_2xx: number;
  readonly errors: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly max_ms: number;
  readonly client_send_lag_p50_ms: number;
  readonly client_send_lag_p99_ms: number;
}

/** One open-loop window of a configuration, as measured. */
export interface OpenLoopWindow extends OpenLoopFigures {
  /** This window's percentile minus direct's in the same round. */
  readonly added_p50_ms: number | null;
  readonly added_p99_ms: number | null;
}

/**
 * A configuration's open-loop windows (one per round): latencies and the
 * client's lag are medians over the windows, counts are summed.
 */
export interface OpenLoopSummary extends OpenLoopFigures {
  readonly rate_rps: number;
  /** Measured seconds of each window. */
  readonly duration_s: number;
  /**
   * The open-loop rate over this configuration's closed-loop req/s: near
   * or above 1 the hop's figures are mostly queueing, not its own cost.
   */
  readonly load_fraction: number;
  readonly windows: readonly OpenLoopWindow[];
}

export interface RunRecord {
  readonly rps: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly cpu_us_per_req: number | null;
  readonly upstream_cpu_us_per_req: number | null;
  readonly requests: number;
  readonly non_2xx: number;
  readonly socket_errors: number;
  /** Bearer tokens never sent before in this run (token loads only). */
  readonly fresh_tokens: number;
}

export interface MeasuredResult {
  readonly status: 'measured';
  readonly description: string;
  /** Whose CPU time and memory `cpu_us_per_req` and `rss_mb` are. */
  readonly measured_processes: string;
  readonly details: Readonly<Record<string, string | number>>;
  /** Medians over `runs`. */
  readonly rps: number;
  /** The lowest and highest req/s of the runs: the noise of the machine. */
  readonly rps_min: number;
  readonly rps_max: number;
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly cpu_us_per_req: number | null;
  readonly upstream_cpu_us_per_req: number | null;
  /** Resident memory of the measured processes after the run, summed. */
  readonly rss_mb: number;
  readonly rss_mb_max_process: number;
  readonly errors: number;
  readonly open_loop: OpenLoopSummary | null;
  /**
   * Open-loop latency over `direct` at the same rate: the median over the
   * rounds of each round's difference; null for direct.
   */
  readonly added_latency_ms: {
    readonly p50: number;
    readonly p99: number;
  } | null;
  readonly runs: readonly RunRecord[];
}

export interface PendingResult {
  /** `not yet measured: <reason>`. */
  readonly status: string;
  readonly description: string;
}

export type ConfigurationResult = MeasuredResult | PendingResult;

export interface RatioSet {
  readonly rps: number | null;
  readonly cpu_us_per_req: number | null;
}

export interface BenchResult {
  readonly schema: 1;
  readonly command: string;
  readonly date: string;
  readonly duration_s: number;
  readonly machine: MachineInfo;
  readonly source: SourceRevision;
  readonly method: Readonly<Record<string, unknown>>;
  readonly configurations: Readonly<
    Partial<Record<ConfigurationName, ConfigurationResult>>
  >;
  readonly ratios: Readonly<Record<string, RatioSet>>;
  /** Issue 3's in-process policy figures; null when they failed. */
  readonly policy: PolicyFigures | null;
  /** Each goal of issues 3 and 4 against this run's figure. */
  readonly goals: readonly GoalCheck[];
}

export function isMeasured(
  result: ConfigurationResult | undefined,
): result is MeasuredResult {
  return result?.status === 'measured';
}
