import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import {
  generateSigningKey,
  signSnapshot,
  type SnapshotBody,
} from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startConfigServer, type ConfigServer } from './support/config-server';
import {
  startSampleTopology,
  type SampleTopology,
} from './support/sample-topology';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { startGateway, type InProcessGateway } from './support/test-gateway';

let workspace: TestWorkspace;
let topology: SampleTopology;
let control: ConfigServer;
let gw: InProcessGateway;
let stateDir: string;

beforeAll(async () => {
  workspace = await createTestWorkspace();
  topology = await startSampleTopology(workspace.key);
  control = await startConfigServer();
  control.publish(topology.sign(topology.body({ version: 1 })));
  stateDir = join(workspace.dir, 'state');

  gw = await startGateway({
    SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
    GATEWAY_STATE_DIR: stateDir,
    GATEWAY_ID: 'gw-updates',
    CONTROL_API_URL: control.url,
    CELLPLANE_CONFIG_TOKEN: control.token,
  });
  await control.waitForReport((r) => r.kind === 'ack' && r.version === 1);
});

afterAll(async () => {
  await gw?.close();
  await control?.close();
  await topology?.close();
  await workspace?.remove();
});

async function cellOf(
  tenant: string,
): Promise<{ cell: string | null; version: string | null }> {
  const response = await fetch(gw.url + '/catalog', {
    headers: { 'x-tenant-id': tenant },
  });
  await response.arrayBuffer();

  return {
    cell: response.headers.get('x-cell'),
    version: response.headers.get('x-config-version'),
  };
}

function nackFor(version: number) {
  return control.waitForReport(
    (r) => r.kind === 'nack' && r.version === version,
  );
}

describe('snapshot updates from the control plane', () => {
  it('applies the first snapshot, ACKs it and saves it to the state directory', async () => {
    const saved = JSON.parse(
      await readFile(join(stateDir, 'snapshot.json'), 'utf8'),
    ) as {
      body: SnapshotBody;
    };

    expect(gw.gateway.store.current?.version).toBe(1);
    expect(saved.body.version).toBe(1);
    expect(await cellOf('t-b')).toEqual({ cell: 'euc1-a', version: '1' });
    expect(
      gw.logs.some(
        (l) => l.msg === 'snapshot accepted' && l.snapshotVersion === 1,
      ),
    ).toBe(true);
  });

  it('NACKs a snapshot with a bad signature and keeps serving the one it has', async () => {
    const intruder = generateSigningKey();
    const forged = {
      ...signSnapshot(topology.body({ version: 2, overrides: [] }), intruder),
      keyId: workspace.key.keyId,
    };
    control.publish(forged);

    const nack = await nackFor(2);
    expect(nack).toMatchObject({
      code: 'SNAPSHOT_BAD_SIGNATURE',
      appliedVersion: 1,
      gatewayId: 'gw-updates',
    });
    expect(await cellOf('t-b')).toEqual({ cell: 'euc1-a', version: '1' });
  });

  it('NACKs a signed snapshot that breaks the schema, naming the field', async () => {
    const body = topology.body({ version: 3 });
    const broken = {
      ...body,
      cells: body.cells.map((c) => ({ ...c, capacityRps: -1 })),
    };
    control.publish(topology.sign(broken));

    const nack = await nackFor(3);
    expect(nack.code).toBe('SNAPSHOT_SCHEMA');
    expect(nack.reason).toContain('capacityRps');
    expect(gw.gateway.store.current?.version).toBe(1);
  });

  it('NACKs a version that is not newer than the applied one', async () => {
    control.publish(
      topology.sign(topology.body({ version: 4, overrides: [] })),
    );
    await control.waitForReport((r) => r.kind === 'ack' && r.version === 4);

    // The SSE id is only a hint the client may use to skip old events; the
    // gateway's own version check is what refuses, so send none.
    control.publish(topology.sign(topology.body({ version: 2 })), {
      withEventId: false,
    });

    const nack = await control.waitForReport(
      (r) => r.kind === 'nack' && r.code === 'SNAPSHOT_STALE_VERSION',
    );
    expect(nack).toMatchObject({ version: 2, appliedVersion: 4 });
    expect((await cellOf('t-a')).version).toBe('4');
  });

  it('logs and counts every refusal by code', async () => {
    const metrics = await (await fetch(gw.adminUrl + '/metrics')).text();
    const rejected = gw.logs
      .filter((l) => l.msg === 'snapshot rejected')
      .map((l) => l.code);

    expect(rejected).toEqual([
      'SNAPSHOT_BAD_SIGNATURE',
      'SNAPSHOT_SCHEMA',
      'SNAPSHOT_STALE_VERSION',
    ]);
    expect(metrics).toContain(
      'gateway_snapshot_updates_total{result="rejected",code="SNAPSHOT_SCHEMA"} 1',
    );
    expect(metrics).toContain(
      'gateway_snapshot_updates_total{result="accepted",code="OK"} 2',
    );
    expect(metrics).toContain('gateway_config_version 4');
  });

  it('reports itself connected and not stale while the control plane answers', async () => {
    const readiness = (await (
      await fetch(gw.url + '/readyz')
    ).json()) as Record<string, unknown>;

    expect(readiness).toMatchObject({
      ready: true,
      version: 4,
      stale: false,
      connected: true,
    });
    expect(control.reports.some((r) => r.kind === 'heartbeat')).toBe(true);
  });
});
