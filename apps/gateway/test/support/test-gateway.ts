import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';

import { createLogger } from '@cellplane/telemetry';

import { loadGatewayConfig } from '../../src/config/load-gateway-config';
import type { TestWorkspace } from './test-key';
import {
  createGateway,
  type Gateway,
  type GatewayOptions,
} from '../../src/create-gateway';

/** Parsed log lines, as the gateway wrote them. */
export type LogLine = Record<string, unknown> & { msg: string };

export interface InProcessGateway {
  readonly gateway: Gateway;
  readonly url: string;
  /** The admin listener (`/metrics`, `/healthz`, `/readyz`). */
  readonly adminUrl: string;
  readonly logs: LogLine[];
  close(): Promise<void>;
}

/**
 * The real gateway in this process, configured from an environment like
 * the one `main.ts` reads, listening on an ephemeral port.
 */
export async function startGateway(
  env: Record<string, string>,
  argv: string[] = [],
  options: GatewayOptions = {},
): Promise<InProcessGateway> {
  const config = loadGatewayConfig(
    {
      GATEWAY_PORT: '0',
      GATEWAY_ADMIN_PORT: '0',
      LOG_LEVEL: 'info',
      // Tests load the gateway from one loopback address; the rate limit
      // tests (K09) set their own limits in the snapshot.
      GATEWAY_CLIENT_BURST: '1000000',
      ...env,
    },
    argv,
  );
  const logs: LogLine[] = [];
  const destination = new PassThrough();
  let pending = '';
  destination.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line) logs.push(JSON.parse(line) as LogLine);
  });

  const logger = createLogger({
    component: 'gateway',
    level: config.logLevel,
    destination,
  });
  const gateway = createGateway(config, logger, options);
  await gateway.start();

  return {
    gateway,
    url: `http://127.0.0.1:${gateway.port}`,
    adminUrl: `http://127.0.0.1:${gateway.adminPort}`,
    logs,
    close: () => gateway.close(),
  };
}

export interface GatewayProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly adminUrl: string;
  readonly logs: LogLine[];
  /** Resolves with the exit code once the process has ended. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const TSX = fileURLToPath(
  new URL('../../../../node_modules/.bin/tsx', import.meta.url),
);

/**
 * The gateway as its own process, from its sources (`tsx src/main.ts`);
 * production runs the same entry bundled (dist/main.js, see README.md).
 */
export async function spawnGateway(
  env: Record<string, string>,
  argv: string[] = [],
): Promise<GatewayProcess> {
  const child = spawn(TSX, [MAIN, ...argv], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      GATEWAY_PORT: '0',
      GATEWAY_ADMIN_PORT: '0',
      GATEWAY_CLIENT_BURST: '1000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );

  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const ports = await new Promise<[number, number]>((resolve, reject) => {
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line) continue;
        let parsed: LogLine;
        try {
          parsed = JSON.parse(line) as LogLine;
        } catch {
          continue;
        }
        logs.push(parsed);
        // With several workers, the one that serves the admin listener.
        if (parsed.msg === 'gateway listening' && parsed.adminPort !== null) {
          resolve([Number(parsed.port), Number(parsed.adminPort)]);
        }
      }
    });
    void exited.then((code) =>
      reject(new Error(`gateway exited with ${code}: ${stderr}`)),
    );
    // Generous: tsx transforms the sources at start, which on a loaded
    // machine has taken over 15 s. A bound on a hang, not a timed assertion.
    setTimeout(
      () => reject(new Error(`gateway did not start: ${stderr}`)),
      60_000,
    ).unref();
  });

  return {
    child,
    url: `http://127.0.0.1:${ports[0]}`,
    adminUrl: `http://127.0.0.1:${ports[1]}`,
    logs,
    exited,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');

      return exited;
    },
  };
}

/**
 * A gateway of two worker processes booted from the signed snapshot
 * `snapshotFile` (verified with the workspace's key), state in the
 * workspace, active health checks off; `env` adds to or overrides that.
 */
export function spawnClusterGateway(
  workspace: TestWorkspace,
  snapshotFile: string,
  env: Record<string, string> = {},
): Promise<GatewayProcess> {
  return spawnGateway(
    {
      SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
      GATEWAY_STATE_DIR: join(workspace.dir, 'state'),
      GATEWAY_WORKERS: '2',
      GATEWAY_HEALTH_CHECKS: 'off',
      ...env,
    },
    ['--snapshot', snapshotFile],
  );
}
