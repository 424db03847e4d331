import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync } from 'node:fs';

export interface ServiceOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Receives the process's stdout and stderr. */
  readonly logFile: string;
}

/**
 * A server the browser tests started. It runs in its own process group
 * (tsx and next both fork a child), and only that group, found by the pid
 * this helper got from spawn, is ever signalled.
 */
export class ServiceProcess {
  readonly name: string;
  readonly logFile: string;
  private readonly child: ChildProcess;
  private readonly exited: Promise<void>;

  constructor(options: ServiceOptions) {
    const log = openSync(options.logFile, 'a');

    this.name = options.name;
    this.logFile = options.logFile;
    this.child = spawn(options.command, [...options.args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', log, log],
      detached: true,
    });
    this.exited = new Promise((resolve) => {
      this.child.once('exit', () => resolve());
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines of the log, for an error message. */
  logTail(lines = 30): string {
    const text = readFileSync(this.logFile, 'utf8');

    return text.trimEnd().split('\n').slice(-lines).join('\n');
  }

  /** Polls a URL until it answers 2xx; fails early if the process died. */
  async waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;

    while (Date.now() < deadline) {
      if (!this.running) {
        throw new Error(
          `${this.name} exited before it was ready:\n${this.logTail()}`,
        );
      }

      try {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(2_000),
        });
        await response.body?.cancel();
        if (response.ok) return;
      } catch {
        // Not listening yet; the deadline bounds the wait.
      }

      await new Promise((resolve) => setTimeout(resolve, 250));
    }

    throw new Error(
      `${this.name} not ready at ${url} after ${timeoutMs} ms:\n` +
        this.logTail(),
    );
  }

  /** SIGTERM to the process group, SIGKILL if it outlives the grace. */
  async stop(graceMs = 10_000): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined || !this.running) return;

    signalGroup(pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);

    // The leader can exit before the child it forked; wait for the group.
    while (groupAlive(pid) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);

    return true;
  } catch {
    return false;
  }
}
