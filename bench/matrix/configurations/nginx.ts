import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { assertPortFree } from '../../../scripts/processes/assert-port-free';
import { waitForHttp } from '../../../scripts/processes/wait-for-http';
import { freePort } from '../setup/free-port';
import { startPinned } from '../setup/start-pinned';
import type { BenchConfiguration } from './bench-configuration';
import { nginxConf } from './nginx-conf';

/** Upstream keep-alive connections per worker, as the gateway's pool. */
const KEEPALIVE_CONNECTIONS = 64;

/**
 * nginx from apt as a reverse proxy with keep-alive to the cell-app, with
 * as many workers as the gateway has processes, config generated into this
 * run's directory, started in the foreground (`-p <dir> -c <conf>`).
 */
export const nginx: BenchConfiguration = {
  kind: 'measured',
  name: 'nginx',
  description: 'nginx (apt) reverse proxy, keep-alive upstream',
  load: 'tenant-header',
  start: async ({ upstream, workDir, logDir, serverCpu, gatewayWorkers }) => {
    const dir = join(workDir, 'nginx');
    mkdirSync(dir, { recursive: true });

    const port = await freePort();
    await assertPortFree(port, 'bench nginx');
    const conf = join(dir, 'nginx.conf');
    writeFileSync(
      conf,
      nginxConf({
        workDir: dir,
        port,
        upstreamHostPort: new URL(upstream.url).host,
        workers: gatewayWorkers,
        keepaliveConnections: KEEPALIVE_CONNECTIONS,
        user: process.getuid?.() === 0 ? 'root' : null,
      }),
    );

    const child = startPinned({
      name: 'nginx',
      cpu: serverCpu,
      command: 'nginx',
      args: ['-p', dir, '-c', conf],
      logDir,
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${url}/healthz`, child, 30_000);
    } catch (error) {
      await child.stop();
      throw error;
    }

    return {
      url,
      measuredPids: [child.pid!],
      measuredName: `nginx (master + ${gatewayWorkers} workers)`,
      processes: [child],
      details: { version: nginxVersion(), workers: gatewayWorkers },
      stop: () => child.stop(),
    };
  },
};

function nginxVersion(): string {
  // `nginx -v` writes "nginx version: nginx/1.22.1" to stderr.
  const run = spawnSync('nginx', ['-v'], { encoding: 'utf8' });

  return `${run.stdout}${run.stderr}`.trim().replace(/^nginx version: /, '');
}
