import type { RunningTarget } from '../configurations/bench-configuration';
import type { LoadScript } from '../tokens/load-script';
import { cpuMicrosBetween, cpuMicrosPerRequest } from './cpu-accounting';
import { parseWrkOutput, type WrkResult } from './parse-wrk-output';
import { sampleTreeCpu } from './proc-reader';
import { runPinned } from './run-pinned';

export interface ClosedLoopSettings {
  readonly path: string;
  readonly connections: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly loadCpu: number;
  readonly ticksPerSecond: number;
}

/** One measured closed-loop run of a configuration. */
export interface ClosedLoopRun extends WrkResult {
  /** CPU of the configuration's measured processes per request. */
  readonly cpuUsPerReq: number | null;
  /** CPU of the cell-app per request in the same window. */
  readonly upstreamCpuUsPerReq: number | null;
}

/**
 * A warm-up run (discarded), then the measured run: wrk with one thread
 * and `connections` keep-alive connections on the load generator's CPU,
 * and the CPU time the measured processes (and the cell-app) spent from
 * just before wrk started to just after it ended.
 */
export async function measureClosedLoop(
  target: RunningTarget,
  upstreamPid: number,
  script: LoadScript,
  settings: ClosedLoopSettings,
): Promise<ClosedLoopRun> {
  if (settings.warmupS > 0) {
    await runWrk(target.url, script, settings, settings.warmupS);
  }

  const before = sampleTreeCpu(target.measuredPids);
  const upstreamBefore = sampleTreeCpu([upstreamPid]);
  const result = await runWrk(target.url, script, settings, settings.durationS);
  const after = sampleTreeCpu(target.measuredPids);
  const upstreamAfter = sampleTreeCpu([upstreamPid]);

  const ticks = settings.ticksPerSecond;

  return {
    ...result,
    cpuUsPerReq: cpuMicrosPerRequest(
      cpuMicrosBetween(before, after, ticks),
      result.requests,
    ),
    upstreamCpuUsPerReq: cpuMicrosPerRequest(
      cpuMicrosBetween(upstreamBefore, upstreamAfter, ticks),
      result.requests,
    ),
  };
}

async function runWrk(
  url: string,
  script: LoadScript,
  settings: ClosedLoopSettings,
  durationS: number,
): Promise<WrkResult> {
  const { stdout } = await runPinned(
    settings.loadCpu,
    'wrk',
    [
      '-t1',
      `-c${settings.connections}`,
      `-d${durationS}s`,
      '--timeout',
      '5s',
      '-s',
      script.file,
      `${url}${settings.path}`,
      '--',
      ...script.args(),
    ],
    (durationS + 30) * 1000,
  );
  const result = parseWrkOutput(stdout);
  script.used(result.freshTokens);

  return result;
}
