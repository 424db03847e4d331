import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { assertPortFree } from '../../../scripts/processes/assert-port-free';
import { waitForHttp } from '../../../scripts/processes/wait-for-http';
import { FULL_LIMITS } from '../setup/full-snapshot';
import { freePort } from '../setup/free-port';
import { startPinned } from '../setup/start-pinned';
import type { BenchConfiguration } from './bench-configuration';
import { haproxyConf } from './haproxy-conf';

/**
 * HAProxy from apt (2.6 verifies JWTs natively), the closest off-the-shelf
 * peer of gateway_full, with as many threads as the gateway has workers,
 * config generated into this run's directory, started in the foreground
 * (`-db -f <conf>`) so the bench owns its pid. Same load as gateway_full.
 */
export const haproxyFull: BenchConfiguration = {
  kind: 'measured',
  name: 'haproxy_full',
  description:
    'HAProxy (apt) with RS256/ES256 verification (every request), iss/aud/exp/tenant checks, per-IP stick-table limit, consistent hashing on the tenant',
  load: 'mixed-tokens',
  start: async ({
    upstream,
    workDir,
    logDir,
    serverCpu,
    gatewayWorkers,
    full,
  }) => {
    const dir = join(workDir, 'haproxy');
    mkdirSync(dir, { recursive: true });
    const rs256KeyFile = join(dir, 'rs256.pub.pem');
    const es256KeyFile = join(dir, 'es256.pub.pem');
    writeFileSync(rs256KeyFile, full.issuer.publicKeyPem('RS256'));
    writeFileSync(es256KeyFile, full.issuer.publicKeyPem('ES256'));

    const port = await freePort();
    await assertPortFree(port, 'bench haproxy');
    const conf = join(dir, 'haproxy.cfg');
    writeFileSync(
      conf,
      haproxyConf({
        port,
        upstreamHostPort: new URL(upstream.url).host,
        threads: gatewayWorkers,
        rs256KeyFile,
        es256KeyFile,
        perClientRate: FULL_LIMITS.perClientIp.ratePerSecond,
      }),
    );

    const child = startPinned({
      name: 'haproxy',
      cpu: serverCpu,
      command: 'haproxy',
      args: ['-db', '-f', conf],
      logDir,
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${url}/haproxy-ready`, child, 30_000);
    } catch (error) {
      await child.stop();
      throw error;
    }

    return {
      url,
      measuredPids: [child.pid!],
      measuredName: `haproxy (${gatewayWorkers} threads)`,
      processes: [child],
      details: { version: haproxyVersion(), threads: gatewayWorkers },
      stop: () => child.stop(),
    };
  },
};

function haproxyVersion(): string {
  // "HAProxy version 2.6.12-1+deb12u4 2026/10/17 - https://haproxy.org/"
  const run = spawnSync('haproxy', ['-v'], { encoding: 'utf8' });

  return /version (\S+)/.exec(run.stdout)?.[1] ?? 'unknown';
}
