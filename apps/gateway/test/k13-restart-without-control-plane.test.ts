import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { SnapshotEnvelope } from '@cellplane/contract';
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
let env: Record<string, string>;
let stateDir: string;
const running = new Set<GatewayProcess>();

beforeAll(async () => {
  workspace = await createTestWorkspace();
  topology = await startSampleTopology(workspace.key);
  control = await startConfigServer();
  stateDir = join(workspace.dir, 'state');
  env = {
    SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
    GATEWAY_STATE_DIR: stateDir,
    GATEWAY_ID: 'gw-k13',
    CONTROL_API_URL: control.url,
    CELLPLANE_CONFIG_TOKEN: control.token,
  };
});

afterAll(async () => {
  await Promise.all([...running].map((gateway) => gateway.stop()));
  await control?.close();
  await topology?.close();
  await workspace?.remove();
});

async function spawn(): Promise<GatewayProcess> {
  const gateway = await spawnGateway(env);
  running.add(gateway);

  return gateway;
}

async function stop(gateway: GatewayProcess): Promise<void> {
  expect(await gateway.stop()).toBe(0);
  running.delete(gateway);
}

/**
 * `/readyz` once every worker has started: it speaks for all of them, so
 * right after the first worker listens it may still say that another one
 * is not ready.
 */
async function readiness(gateway: GatewayProcess) {
  return waitFor(async () => {
    const response = await fetch(gateway.url + '/readyz');
    const answer = {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
    };

    return answer.body.reason === 'workers_not_ready' ? undefined : answer;
  }, 90_000);
}

async function route(gateway: GatewayProcess, tenant: string) {
  const response = await fetch(gateway.url + '/catalog', {
    headers: { 'x-tenant-id': tenant },
  });
  const body = (await response.json()) as { error?: { code: string } };

  return {
    status: response.status,
    cell: response.headers.get('x-cell'),
    version: response.headers.get('x-config-version'),
    code: body.error?.code,
  };
}

describe('K13: restart while the control plane is down', () => {
  it(
    'K13: serves the saved snapshot and reports stale, falls back to the previous good file, never ready empty',
    { timeout: 60_000 },
    async () => {
      // 1. With the control plane up, the gateway accepts v1 then v2 (t-b
      //    moves to use1-a) and saves both.
      control.publish(topology.sign(topology.body({ version: 1 })));
      const first = await spawn();
      await control.waitForReport((r) => r.kind === 'ack' && r.version === 1);
      control.publish(
        topology.sign(
          topology.body({
            version: 2,
            overrides: [
              { tenantId: 't-b', cellId: 'use1-a', reason: 'rebalanced' },
            ],
          }),
        ),
      );
      await control.waitForReport((r) => r.kind === 'ack' && r.version === 2);
      expect((await readiness(first)).body).toMatchObject({
        ready: true,
        stale: false,
      });
      await stop(first);

      // 2. Control plane down; restart: the saved v2 serves, flagged stale.
      await control.close();
      const second = await spawn();
      const ready = await readiness(second);

      expect(ready.status).toBe(200);
      expect(ready.body).toMatchObject({
        ready: true,
        version: 2,
        stale: true,
        connected: false,
      });
      expect(await route(second, 't-b')).toMatchObject({
        status: 200,
        cell: 'use1-a',
        version: '2',
      });
      const metrics = await (await fetch(second.adminUrl + '/metrics')).text();
      expect(metrics).toContain('gateway_config_stale 1');
      await stop(second);

      // 3. The latest file is damaged: the previous good one (v1) serves and
      //    is written back as the latest.
      const latest = join(stateDir, 'snapshot.json');
      const previous = join(stateDir, 'snapshot.previous.json');
      const goodV1 = await readFile(previous, 'utf8');
      await writeFile(latest, (await readFile(latest, 'utf8')).slice(0, 200));
      const third = await spawn();

      expect((await readiness(third)).body).toMatchObject({
        ready: true,
        version: 1,
        stale: true,
      });
      expect(await route(third, 't-b')).toMatchObject({
        status: 200,
        cell: 'euc1-a',
        version: '1',
      });
      expect(
        third.logs.some(
          (l) =>
            l.msg === 'snapshot rejected' && l.code === 'SNAPSHOT_BAD_JSON',
        ),
      ).toBe(true);
      expect(await readFile(latest, 'utf8')).toBe(goodV1);
      await stop(third);

      // 4. Both files damaged (a signature that no longer verifies): no
      //    routing table, so never ready, and requests get GW_NO_SNAPSHOT.
      const tampered = JSON.parse(goodV1) as SnapshotEnvelope;
      tampered.body.overrides = [];
      await writeFile(latest, JSON.stringify(tampered));
      await writeFile(previous, '{');
      const fourth = await spawn();

      expect(await readiness(fourth)).toMatchObject({
        status: 503,
        body: { ready: false, reason: 'no_snapshot', version: null },
      });
      expect(await route(fourth, 't-a')).toMatchObject({
        status: 503,
        code: 'GW_NO_SNAPSHOT',
      });
      await stop(fourth);

      // 5. A valid, signed snapshot with no tenant: held, but never ready.
      await writeFile(
        latest,
        JSON.stringify(
          topology.sign(
            topology.body({ version: 9, tenants: [], overrides: [] }),
          ),
        ),
      );
      const fifth = await spawn();

      expect(await readiness(fifth)).toMatchObject({
        status: 503,
        body: { ready: false, reason: 'empty_snapshot', version: 9 },
      });
      await stop(fifth);
    },
  );
});
