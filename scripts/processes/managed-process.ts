import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';

export interface ManagedProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** File that receives the process's stdout and stderr. */
  readonly logFile: string;
  readonly cwd?: string;
}

/**
 * A child process the demo or a benchmark started and therefore owns: it is
 * only ever stopped through its own pid, first politely, then for good.
 */
export class ManagedProcess {
  readonly name: string;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<number | null>;

  constructor(options: ManagedProcessOptions) {
    const log = openSync(options.logFile, 'a');

    this.name = options.name;
    this.logFile = options.logFile;
    this.child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', log, log],
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code) => resolve(code));
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the exit code once the process has ended by itself. */
  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it has not drained within the grace period. */
  async stop(graceMs = 5_000): Promise<void> {
    if (!this.running) return;

    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
