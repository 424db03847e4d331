import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import {
  ROLE_USERS,
  seedTopology,
  TEST_PASSWORD,
} from './support/seed-topology';
import {
  createTestEnvironment,
  waitFor,
  type TestEnvironment,
} from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

interface ListedCell {
  id: string;
  tenantCount: number;
  instances: { id: string; health: string; checkedAt: string | null }[];
}

let env: TestEnvironment;
let api: ControlApi;
let upstream: Server;
let probes = 0;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url === '/healthz') probes++;
    res.writeHead(req.url === '/healthz' ? 200 : 404);
    res.end();
  });
  await new Promise<void>((resolve) =>
    upstream.listen(0, '127.0.0.1', resolve),
  );
  const port = (upstream.address() as AddressInfo).port;

  env = await createTestEnvironment('health', async (database) => {
    await seedTopology(database.db);
    await database.db.instance.create({
      data: {
        id: 'use1-a-live',
        cellId: 'use1-a',
        url: `http://127.0.0.1:${port}`,
      },
    });
    // Not loopback: must stay unknown, never be called.
    await database.db.instance.create({
      data: { id: 'use1-a-far', cellId: 'use1-a', url: 'http://192.0.2.10:80' },
    });
  });
  api = await env.startApi({ healthProbeIntervalMs: 200 });
}, 60_000);

afterAll(async () => {
  await env?.dispose();
  await new Promise((resolve) => upstream?.close(resolve));
});

describe('instance health', () => {
  it('probes /healthz on a schedule and merges up/down into cells.list', async () => {
    const cookie = await signInCookie(
      api.url(),
      ROLE_USERS.viewer,
      TEST_PASSWORD,
    );

    const cells = await waitFor(async () => {
      const result = await callTrpc(api.url(), 'cells.list', {
        type: 'query',
        cookie,
      });
      const list = result.data as ListedCell[];
      const probed = list.every((cell) =>
        cell.instances.every((i) => i.checkedAt !== null),
      );

      return probed ? list : undefined;
    }, 10_000);

    const health = new Map(
      cells.flatMap((cell) => cell.instances.map((i) => [i.id, i.health])),
    );
    expect(health.get('use1-a-live')).toBe('up');
    expect(health.get('use1-a-i1')).toBe('down');
    expect(health.get('use1-a-far')).toBe('unknown');
    expect(probes).toBeGreaterThan(0);
    expect(cells.reduce((sum, cell) => sum + cell.tenantCount, 0)).toBe(30);
  });
});
