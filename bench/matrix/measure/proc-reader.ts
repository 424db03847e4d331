import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

import { cpuSample, type CpuSample } from './cpu-accounting';
import { parseProcStat, parseVmRssBytes, type ProcStat } from './proc-stat';
import { processTree } from './process-tree';

/** Clock ticks per second of /proc's CPU times (usually 100). */
export function clockTicksPerSecond(): number {
  const ticks = Number(
    execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }),
  );
  if (!Number.isInteger(ticks) || ticks <= 0) {
    throw new Error('getconf CLK_TCK gave no tick rate');
  }

  return ticks;
}

/** Every process's stat now; ones that end during the scan are skipped. */
function readAllStats(): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = parseProcStat(readFileSync(`/proc/${entry}/stat`, 'utf8'));
      stats.set(stat.pid, stat);
    } catch {
      // Gone between readdir and read: not one of ours, or already ended.
    }
  }

  return stats;
}

/**
 * Helpers a server's runtime starts beside it that are not the server:
 * tsx transforms TypeScript through esbuild's service process when its
 * cache misses (a fresh checkout), which then idles for the process's life.
 */
const RUNTIME_HELPERS = new Set(['esbuild']);

/** The pids of each root's process tree, roots first, helpers left out. */
export function treePids(roots: readonly number[]): number[] {
  const stats = readAllStats();
  const parents = new Map([...stats].map(([pid, stat]) => [pid, stat.ppid]));
  const pids = roots.flatMap((root) =>
    stats.has(root) ? processTree(root, parents) : [],
  );

  return [...new Set(pids)].filter(
    (pid) => !RUNTIME_HELPERS.has(stats.get(pid)?.comm ?? ''),
  );
}

/** CPU ticks of the roots' process trees. */
export function sampleTreeCpu(roots: readonly number[]): CpuSample {
  const pids = new Set(treePids(roots));
  const stats = [...readAllStats().values()].filter((s) => pids.has(s.pid));

  return cpuSample(stats);
}

/** Resident memory of each process, in MB (2^20 bytes). */
export function rssMegabytes(pids: readonly number[]): number[] {
  return pids.map(
    (pid) =>
      parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8')) / 2 ** 20,
  );
}
