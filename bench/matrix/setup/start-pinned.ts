import { join, resolve } from 'node:path';

import { ManagedProcess } from '../../../scripts/processes/managed-process';

/**
 * Starts a server of the bench as a ManagedProcess pinned to one CPU:
 * taskset execs the command, so the pid is the server's own (nginx's master,
 * a node process) and it is stopped by that pid only.
 */
export function startPinned(options: {
  readonly name: string;
  readonly cpu: number;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Record<string, string>;
  readonly logDir: string;
}): ManagedProcess {
  return new ManagedProcess({
    name: options.name,
    command: 'taskset',
    args: ['-c', String(options.cpu), options.command, ...options.args],
    env: options.env ?? {},
    logFile: join(options.logDir, `${options.name}.log`),
  });
}

/**
 * Arguments that run a TypeScript entry point in the node process itself
 * (`node --import tsx file`), not under the tsx CLI, which would put a
 * wrapper process in front and blur whose CPU is measured.
 */
export function nodeEntry(file: string): string[] {
  return ['--import', 'tsx', resolve(file)];
}
