import { join } from 'node:path';

import { assertPortFree } from '../../../scripts/processes/assert-port-free';
import { waitForHttp } from '../../../scripts/processes/wait-for-http';
import { treePids } from '../measure/proc-reader';
import { freePort } from '../setup/free-port';
import { nodeEntry, startPinned } from '../setup/start-pinned';
import type { BenchConfiguration, RunningTarget } from './bench-configuration';

/**
 * apps/gateway plainly proxying: booted from the control-api's signed
 * snapshot file (`--snapshot`, verified with the control-api's public
 * key), no control plane to follow, routing the bench tenants to the
 * bench cell by ring lookup.
 */
export const gateway: BenchConfiguration = {
  kind: 'measured',
  name: 'gateway',
  description: 'apps/gateway from a signed snapshot file, plain proxying',
  start: async ({ upstream, workDir, logDir, serverCpu }) => {
    const port = await freePort();
    await assertPortFree(port, 'bench gateway');

    const child = startPinned({
      name: 'gateway',
      cpu: serverCpu,
      command: process.execPath,
      args: [
        ...nodeEntry('apps/gateway/src/main.ts'),
        '--snapshot',
        upstream.snapshotFile,
      ],
      env: {
        GATEWAY_ID: 'bench-gateway',
        GATEWAY_HOST: '127.0.0.1',
        GATEWAY_PORT: String(port),
        SNAPSHOT_PUBLIC_KEY_FILE: upstream.publicKeyFile,
        GATEWAY_STATE_DIR: join(workDir, 'gateway-state'),
        GATEWAY_UPSTREAM_CONNECTIONS: '64',
        LOG_LEVEL: 'warn',
      },
      logDir,
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${url}/readyz`, child, 120_000);
    } catch (error) {
      await child.stop();
      throw error;
    }

    return runningGateway(url, child);
  },
};

/**
 * The gateway is one process today; if it forks workers (node:cluster),
 * they are its children and are measured with it, and nginx is given as
 * many workers as it has.
 */
function runningGateway(
  url: string,
  child: RunningTarget['processes'][number],
): RunningTarget {
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
