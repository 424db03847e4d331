import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The monorepo root, where `tsx` resolves and apps' entry points live. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * One app started as a real process (`node --import tsx <entry>`), so the
 * pid is the app itself and a signal reaches it directly. Output goes to a
 * file, never to a pipe that could fill up and stall the app.
 */
export class AppProcess {
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    entry: string,
    env: Record<string, string>,
    readonly logFile: string,
    args: readonly string[] = [],
  ) {
    const log = openSync(logFile, 'a');
    this.child = spawn(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, entry), ...args],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: process.env.HOME ?? '/tmp',
          CHECKPOINT_DISABLE: '1',
          NEXT_TELEMETRY_DISABLED: '1',
          TURBO_TELEMETRY_DISABLED: '1',
          ...env,
        },
        stdio: ['ignore', log, log],
      },
    );
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
    });
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error(`${this.name}: no pid`);

    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends `signal` to this process by its pid and waits for it to end. */
  async signalAndWait(signal: NodeJS.Signals, timeoutMs = 10_000) {
    if (!this.running) return;

    process.kill(this.pid, signal);
    const timer = setTimeout(() => {
      if (this.running) process.kill(this.pid, 'SIGKILL');
    }, timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  /** The last lines of the log, for a failing test's output. */
  tail(lines = 30): string {
    const text = readFileSync(this.logFile, 'utf8').trimEnd().split('\n');

    return `--- ${this.name} (${this.logFile}) ---\n${text.slice(-lines).join('\n')}`;
  }
}
