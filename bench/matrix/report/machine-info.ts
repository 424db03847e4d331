import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, release } from 'node:os';

/** Facts about this machine the report states beside the numbers. */
export function readMachineFacts(): {
  nproc: number;
  cpuModel: string;
  node: string;
  kernel: string;
  wrk: string;
} {
  const nproc = Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim());

  return {
    nproc:
      Number.isInteger(nproc) && nproc > 0 ? nproc : availableParallelism(),
    cpuModel: cpuModel(readFileSync('/proc/cpuinfo', 'utf8')),
    node: process.version,
    kernel: release(),
    wrk: wrkVersion(),
  };
}

/** The 1, 5 and 15 minute load averages, two decimals. */
export function loadAverage(): number[] {
  return loadavg().map((value) => Math.round(value * 100) / 100);
}

/** The first `model name` of /proc/cpuinfo. */
export function cpuModel(cpuinfo: string): string {
  return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
}

function wrkVersion(): string {
  // `wrk -v` prints its version line and usage, and exits 1.
  const run = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  const line = `${run.stdout}${run.stderr}`.split('\n')[0] ?? '';

  return line.split(' Copyright')[0]?.trim() || 'unknown';
}
