import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

import { assertPortFree } from '../../../scripts/processes/assert-port-free';
import { waitForHttp } from '../../../scripts/processes/wait-for-http';
import { treePids } from '../measure/proc-reader';
import { freePort } from '../setup/free-port';
import { startPinned } from '../setup/start-pinned';
import type { BenchContext, RunningTarget } from './bench-configuration';

/** The deployable gateway, built by scripts/bench.sh before anything runs. */
const GATEWAY_BUILD = resolve('apps/gateway/dist/main.js');

/**
 * apps/gateway as deployed (its esbuild bundle run by plain node, not
 * through tsx, whose loader thread and transforms would be measured too)
 * booted from a signed snapshot file (`--snapshot`, verified
 * with the control-api's public key), no control plane to follow, its
 * own state directory, 64 upstream connections, pinned to the servers'
 * CPU. Ready when `/readyz` answers.
 */
export async function startGateway(
  context: BenchContext,
  options: {
    readonly name: string;
    readonly snapshotFile: string;
    readonly stateDir: string;
    /** `info` writes the access log (one line per request) to the log file. */
    readonly logLevel: 'warn' | 'info';
  },
): Promise<RunningTarget> {
  if (!existsSync(GATEWAY_BUILD)) {
    throw new Error(
      `${GATEWAY_BUILD} is missing: run 'npm run build -w @cellplane/gateway' (scripts/bench.sh does)`,
    );
  }

  const port = await freePort();
  await assertPortFree(port, `bench ${options.name}`);

  const child = startPinned({
    name: options.name,
    cpu: context.serverCpu,
    command: process.execPath,
    // As deployed, with the gateway's node flags (apps/gateway/README.md).
    args: [
      '--enable-source-maps',
      '--single-threaded-gc',
      GATEWAY_BUILD,
      '--snapshot',
      options.snapshotFile,
    ],
    env: {
      GATEWAY_ID: `bench-${options.name}`,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      SNAPSHOT_PUBLIC_KEY_FILE: context.upstream.publicKeyFile,
      GATEWAY_STATE_DIR: options.stateDir,
      GATEWAY_UPSTREAM_CONNECTIONS: '64',
      LOG_LEVEL: options.logLevel,
    },
    logDir: context.logDir,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/readyz`, child, 120_000);
  } catch (error) {
    await child.stop();
    throw error;
  }

  // If the gateway forks workers (node:cluster), they are its children and
  // are measured with it, and nginx is given as many workers as it has.
  const pids = treePids([child.pid!]);
  const workers = Math.max(1, pids.length - 1);

  return {
    url,
    measuredPids: [child.pid!],
    measuredName:
      pids.length > 1
        ? `gateway (primary + ${workers} workers)`
        : 'gateway process',
    processes: [child],
    details: { processes: pids.length, workers },
    stop: () => child.stop(),
  };
}
