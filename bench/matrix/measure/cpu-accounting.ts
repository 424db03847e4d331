import type { ProcStat } from './proc-stat';

/** CPU ticks of a set of processes at one moment, by pid. */
export type CpuSample = ReadonlyMap<number, number>;

/** utime + stime of each process, in ticks. */
export function cpuSample(stats: readonly ProcStat[]): CpuSample {
  return new Map(
    stats.map((stat) => [stat.pid, stat.utimeTicks + stat.stimeTicks]),
  );
}

/**
 * CPU a process set used between two samples, in microseconds. A process
 * that appears only in `after` started inside the window and counts from
 * zero; one gone by `after` cannot be read and is left out (the bench
 * checks that its servers are still running).
 */
export function cpuMicrosBetween(
  before: CpuSample,
  after: CpuSample,
  ticksPerSecond: number,
): number {
  let ticks = 0;
  for (const [pid, end] of after) {
    ticks += end - (before.get(pid) ?? 0);
  }

  return (ticks / ticksPerSecond) * 1e6;
}

/**
 * Microseconds of CPU per request. The tick is 10 ms at CLK_TCK = 100, so
 * over a 10 s run of thousands of requests the rounding is well under 1 %;
 * null when no request was served.
 */
export function cpuMicrosPerRequest(
  cpuMicros: number,
  requests: number,
): number | null {
  if (requests <= 0) return null;

  return cpuMicros / requests;
}
