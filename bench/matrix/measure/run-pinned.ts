import { execFile } from 'node:child_process';

export interface PinnedRun {
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a load generator to completion on one CPU (`taskset -c <cpu>`), as
 * its own process, killed if it outlives `timeoutMs`. Rejects on a non-zero
 * exit with what it printed.
 */
export function runPinned(
  cpu: number,
  command: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<PinnedRun> {
  return new Promise((resolve, reject) => {
    execFile(
      'taskset',
      ['-c', String(cpu), command, ...args],
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`${command} failed: ${error.message}\n${stderr}`, {
              cause: error,
            }),
          );
          return;
        }
        resolve({ stdout, stderr });
      },
    );
  });
}
