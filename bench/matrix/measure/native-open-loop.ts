import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { assertLoopbackUrl } from './loopback-url';
import type { OpenLoopResult } from './open-loop-result';
import { parseOpenLoopOutput } from './parse-open-loop-output';
import { runPinned } from './run-pinned';

const SOURCE = resolve('bench/matrix/open-loop/open-loop.c');

export interface OpenLoopOptions {
  readonly url: string;
  readonly path: string;
  readonly rateRps: number;
  /** Measured seconds; `warmupS` at the same rate come first, unrecorded. */
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  readonly timeoutMs: number;
  /** Headers of request `index` (0 to rate x (warm-up + duration) - 1). */
  readonly headersFor: (index: number) => Readonly<Record<string, string>>;
  /** The CPU the client is pinned to (taskset). */
  readonly cpu: number;
}

/**
 * Compiles the open-loop client (open-loop.c) into `dir` with the
 * machine's C compiler, once per directory, and returns its path.
 */
export function buildOpenLoopClient(dir: string): string {
  const binary = join(dir, 'open-loop');
  try {
    execFileSync('cc', ['-O2', '-Wall', '-o', binary, SOURCE, '-lm'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    throw new Error(
      `cannot compile ${SOURCE} with cc (apt-get install -y gcc): ${String(error)}`,
      { cause: error },
    );
  }

  return binary;
}

/**
 * One open-loop run of the compiled client against a loopback target: the
 * headers of every request are written to a file first (one line each,
 * tab-separated), so the client does no work but sending and timing.
 */
export async function runOpenLoop(
  binary: string,
  workDir: string,
  options: OpenLoopOptions,
): Promise<OpenLoopResult> {
  const target = assertLoopbackUrl(options.url);
  const total = Math.round(
    options.rateRps * (options.warmupS + options.durationS),
  );

  const lines: string[] = [];
  for (let index = 0; index < total; index += 1) {
    lines.push(headerLine(options.headersFor(index)));
  }
  const headersFile = join(workDir, 'open-loop-headers.txt');
  writeFileSync(headersFile, `${lines.join('\n')}\n`);

  const { stdout } = await runPinned(
    options.cpu,
    binary,
    [
      target.hostname === 'localhost'
        ? '127.0.0.1'
        : target.hostname.replace(/^\[|\]$/g, ''),
      target.port || '80',
      options.path,
      String(options.rateRps),
      String(options.durationS),
      String(options.warmupS),
      String(options.connections),
      String(options.timeoutMs),
      headersFile,
    ],
    (options.warmupS + options.durationS) * 1000 + options.timeoutMs + 30_000,
  );

  return parseOpenLoopOutput(stdout);
}

function headerLine(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => {
      if (/[\t\r\n]/.test(name + value)) {
        throw new Error(`header ${name} holds a tab or line break`);
      }

      return `${name}: ${value}`;
    })
    .join('\t');
}
