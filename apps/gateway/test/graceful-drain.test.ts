import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startConfigServer, type ConfigServer } from './support/config-server';
import {
  startSampleTopology,
  type SampleTopology,
} from './support/sample-topology';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { spawnGateway, type GatewayProcess } from './support/test-gateway';
import { waitFor } from './support/wait-for';

let workspace: TestWorkspace;
let topology: SampleTopology;
let control: ConfigServer;
let snapshotFile: string;
const running = new Set<GatewayProcess>();

beforeAll(async () => {
  workspace = await createTestWorkspace();
  topology = await startSampleTopology(workspace.key);
  control = await startConfigServer();
  snapshotFile = join(workspace.dir, 'boot.json');
  await writeFile(snapshotFile, JSON.stringify(topology.sign(topology.body())));
});

afterAll(async () => {
  await Promise.all([...running].map((gateway) => gateway.stop()));
  await control?.close();
  await topology?.close();
  await workspace?.remove();
});

async function spawn(name: string, extra: Record<string, string> = {}) {
  const gateway = await spawnGateway(
    {
      SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
      GATEWAY_STATE_DIR: join(workspace.dir, name),
      GATEWAY_ID: name,
      CONTROL_API_URL: control.url,
      CELLPLANE_CONFIG_TOKEN: control.token,
      // One process: the drain of one listener is what is checked here;
      // workers are stopped together in cluster-workers.test.ts.
      GATEWAY_WORKERS: '1',
      ...extra,
    },
    ['--snapshot', snapshotFile],
  );
  running.add(gateway);

  return gateway;
}

function slowRequests(): number {
  return [...topology.upstreams.values()]
    .flatMap((upstream) => upstream.received)
    .filter((echo) => echo.url.startsWith('/slow')).length;
}

describe('graceful shutdown', () => {
  it(
    'stops accepting, lets in-flight requests finish, then sends a final report',
    { timeout: 90_000 },
    async () => {
      // A generous upstream limit: on a busy machine 700 ms of upstream work
      // must not meet the 1000 ms default and turn into a cut response.
      const gateway = await spawn('gw-drain', {
        GATEWAY_UPSTREAM_TIMEOUT_MS: '5000',
      });
      const before = slowRequests();

      const inFlight = fetch(gateway.url + '/slow?ms=700', {
        headers: { 'x-tenant-id': 't-a' },
      });
      await waitFor(
        () => (slowRequests() > before ? true : undefined),
        5000,
        'the slow request',
      );
      gateway.child.kill('SIGTERM');

      await waitFor(() =>
        gateway.logs.some((l) => l.msg === 'draining') ? true : undefined,
      );
      await expect(
        fetch(gateway.url + '/healthz', { headers: { connection: 'close' } }),
      ).rejects.toThrow();

      const response = await inFlight;
      expect(response.status).toBe(200);
      expect(((await response.json()) as { url: string }).url).toBe(
        '/slow?ms=700',
      );

      expect(await gateway.exited).toBe(0);
      running.delete(gateway);
      expect(gateway.logs.map((l) => l.msg)).toContain('shutdown complete');
      expect(
        control.reports.some(
          (r) =>
            r.gatewayId === 'gw-drain' &&
            r.kind === 'heartbeat' &&
            r.reason === 'shutdown',
        ),
      ).toBe(true);
    },
  );

  it(
    'resets no request of busy keep-alive clients during the drain',
    { timeout: 90_000 },
    async () => {
      const gateway = await spawn('gw-drain-keepalive');
      const pool = new Pool(gateway.url, { connections: 16 });
      const failures = new Map<string, number>();
      let answered = 0;
      let stopping = false;

      // Sixteen clients, each sending the next request as soon as the last
      // is answered, until the gateway has gone (bounded by the deadline).
      const deadline = Date.now() + 15_000;
      const client = async () => {
        while (Date.now() < deadline && gateway.child.exitCode === null) {
          try {
            const { body } = await pool.request({
              path: '/catalog',
              method: 'GET',
              headers: { 'x-tenant-id': 't-a' },
            });
            await body.dump();
            answered += 1;
          } catch (error) {
            const code = (error as { code?: string }).code ?? 'unknown';
            // Refused: a new connection after the listener closed, which a
            // client retries elsewhere; anything else hit a sent request.
            if (code !== 'ECONNREFUSED' || !stopping) {
              failures.set(code, (failures.get(code) ?? 0) + 1);
            }
            if (code === 'ECONNREFUSED') break;
          }
        }
      };
      const clients = Array.from({ length: 16 }, client);

      await waitFor(() => (answered > 200 ? true : undefined), 10_000, 'load');
      stopping = true;
      gateway.child.kill('SIGTERM');

      await Promise.all(clients);
      await pool.close();

      expect(await gateway.exited).toBe(0);
      running.delete(gateway);
      expect(Object.fromEntries(failures)).toEqual({});
    },
  );

  it(
    'cuts requests still running when the drain time is up',
    { timeout: 90_000 },
    async () => {
      const gateway = await spawn('gw-drain-bound', {
        GATEWAY_DRAIN_TIMEOUT_MS: '300',
        GATEWAY_UPSTREAM_TIMEOUT_MS: '10000',
      });
      const before = slowRequests();

      const inFlight = fetch(gateway.url + '/slow?ms=5000', {
        headers: { 'x-tenant-id': 't-a' },
      })
        .then((response) => response.text())
        .then(
          () => 'answered',
          () => 'cut',
        );
      await waitFor(
        () => (slowRequests() > before ? true : undefined),
        5000,
        'the slow request',
      );
      const stoppedAt = Date.now();
      gateway.child.kill('SIGTERM');

      expect(await gateway.exited).toBe(0);
      running.delete(gateway);
      expect(Date.now() - stoppedAt).toBeLessThan(3000);
      expect(await inFlight).toBe('cut');
      expect(gateway.logs.map((l) => l.msg)).toContain(
        'drain timed out, closing connections',
      );
    },
  );
});
