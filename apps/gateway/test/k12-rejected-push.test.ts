import { join } from 'node:path';

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

beforeAll(async () => {
  workspace = await createTestWorkspace();
  topology = await startSampleTopology(workspace.key);
  control = await startConfigServer();
  control.publish(topology.sign(topology.body({ version: 1 })));

  gw = await startGateway({
    SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
    GATEWAY_STATE_DIR: join(workspace.dir, 'state'),
    GATEWAY_ID: 'gw-k12',
    CONTROL_API_URL: control.url,
    CELLPLANE_CONFIG_TOKEN: control.token,
    LOG_LEVEL: 'warn',
  });
  await control.waitForReport((r) => r.kind === 'ack' && r.version === 1);
});

afterAll(async () => {
  await gw?.close();
  await control?.close();
  await topology?.close();
  await workspace?.remove();
});

async function get(tenant: string) {
  const response = await fetch(gw.url + '/catalog', {
    headers: { 'x-tenant-id': tenant },
  });
  await response.arrayBuffer();

  return {
    status: response.status,
    cell: response.headers.get('x-cell'),
    version: response.headers.get('x-config-version'),
  };
}

/**
 * A bounded load: eight clients send requests for every tenant until
 * `until` has resolved and at least `minRequests` were answered, or
 * `maxMs` passed; answers are counted by status and config version.
 */
async function loadDuring(
  until: Promise<unknown>,
  minRequests: number,
  maxMs: number,
) {
  const statuses = new Map<number, number>();
  const versions = new Set<string | null>();
  let done = false;
  let answered = 0;
  void until.finally(() => (done = true));
  const deadline = Date.now() + maxMs;

  const worker = async (index: number): Promise<void> => {
    const tenants = ['t-a', 't-b', 't-c', 't-d'];
    for (
      let i = 0;
      (!done || answered < minRequests) && Date.now() < deadline;
      i++
    ) {
      const result = await get(tenants[(index + i) % tenants.length]!);
      answered += 1;
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      versions.add(result.version);
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, i) => worker(i)));

  return { statuses, versions, answered };
}

describe('K12: a rejected push leaves the applied snapshot serving', () => {
  it(
    'K12: refuses v2 whole, refuses v1 again as stale, applies v3 with zero 5xx',
    { timeout: 90_000 },
    async () => {
      const placement = gw.gateway.store.current!.placement;
      const cOnV1 = placement.cellFor('t-c');
      expect(await get('t-b')).toEqual({
        status: 200,
        cell: 'euc1-a',
        version: '1',
      });

      // v2 removes tenant t-b's override and adds one to a cell that does not exist.
      control.publish(
        topology.sign(
          topology.body({
            version: 2,
            overrides: [
              { tenantId: 't-c', cellId: 'use1-zz', reason: 'pinned' },
            ],
          }),
        ),
      );
      const nack = await control.waitForReport(
        (r) => r.kind === 'nack' && r.version === 2,
      );

      expect(nack.code).toBe('SNAPSHOT_DANGLING_REFERENCE');
      expect(nack.reason).toContain('use1-zz');
      expect(await get('t-b')).toEqual({
        status: 200,
        cell: 'euc1-a',
        version: '1',
      });
      expect((await get('t-c')).cell).toBe(cOnV1);

      // v1 again. The stream's event id would let the client skip it; without
      // one it reaches the gateway, whose own version check must refuse it.
      control.publish(topology.sign(topology.body({ version: 1 })), {
        withEventId: false,
      });
      const stale = await control.waitForReport(
        (r) => r.kind === 'nack' && r.version === 1,
      );

      expect(stale.code).toBe('SNAPSHOT_STALE_VERSION');
      expect(await get('t-b')).toEqual({
        status: 200,
        cell: 'euc1-a',
        version: '1',
      });

      // v3 is valid: t-b moves to use1-a and instance euc1-a-i2 is removed,
      // while eight clients keep sending requests.
      const v3 = topology.body({
        version: 3,
        overrides: [
          { tenantId: 't-b', cellId: 'use1-a', reason: 'rebalanced' },
        ],
      });
      v3.cells = v3.cells.map((cell) =>
        cell.id === 'euc1-a'
          ? {
              ...cell,
              instances: cell.instances.filter((i) => i.id !== 'euc1-a-i2'),
            }
          : cell,
      );
      const applied = control.waitForReport(
        (r) => r.kind === 'ack' && r.version === 3,
      );
      const settle = applied.then(
        () => new Promise((resolve) => setTimeout(resolve, 300)),
      );
      const load = loadDuring(settle, 400, 10_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      control.publish(topology.sign(v3));
      const { statuses, versions, answered } = await load;

      expect(answered).toBeGreaterThanOrEqual(400);
      expect([...statuses.keys()]).toEqual([200]);
      expect(versions).toEqual(new Set(['1', '3']));
      expect(await get('t-b')).toEqual({
        status: 200,
        cell: 'use1-a',
        version: '3',
      });
    },
  );
});
