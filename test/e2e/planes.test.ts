import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { hashPassword } from '@cellplane/db';
import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { deleteQueueKeys } from '@cellplane/control-api/testing';
import pg from 'pg';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { steadyLoad } from './support/steady-load';
import { trpcCall } from './support/trpc-call';
import { waitUntil } from './support/wait-until';

/**
 * Issue 2's end-to-end test: control-api, gateway and two cells (three
 * cell-app instances) as real processes on loopback, with a fresh database,
 * a unique queue prefix and temp state directories. The tests run in order
 * and share the processes: (a) placement changes propagate, (b) the data
 * plane survives the control plane's death, (c) a gateway restarted while
 * the control plane is down serves from its saved snapshot.
 */

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = 'redis://127.0.0.1:6379';
const ADMIN_EMAIL = 'admin@cellplane.test';
const CELLS = ['use1-a', 'use1-b'] as const;
const TENANTS = Array.from(
  { length: 40 },
  (_, i) => `t-${String(i + 1).padStart(5, '0')}`,
);
const CHANGES = 20;

const run = randomBytes(4).toString('hex');
const password = `e2e-${randomBytes(8).toString('hex')}`;
const token = `e2e-config-token-${run}`;
const queuePrefix = `cp-e2e-${run}`;
const stateRoot = mkdtempSync(join(tmpdir(), 'cellplane-e2e-'));
const apiStateDir = join(stateRoot, 'control-api');
const gatewayStateDir = join(stateRoot, 'gateway');
const publicKeyFile = join(apiStateDir, 'snapshot-signing.pub.pem');
const cellDatabases = CELLS.map((cell) => ({
  cell,
  name: `cp_test_e2e_${cell.replace(/-/g, '_')}_${run}`,
}));

const processes: AppProcess[] = [];
const agent = new Agent({ connections: 8 });
let database: TestDatabase | undefined;
let controlApi: AppProcess;
let gateway: AppProcess;
let apiUrl = '';
let gatewayUrl = '';
let gatewayEnv: Record<string, string> = {};

function log(name: string): string {
  return join(stateRoot, `${name}.log`);
}

async function adminSql(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await request(url, {
    dispatcher: agent,
    headers,
    headersTimeout: 2_000,
    bodyTimeout: 2_000,
  });
  const text = await response.body.text();

  return {
    status: response.statusCode,
    headers: response.headers,
    json: (text ? JSON.parse(text) : null) as Record<string, unknown> | null,
  };
}

/** Where the gateway sends a tenant now, and by which snapshot version. */
async function routeOf(tenant: string) {
  const response = await getJson(`${gatewayUrl}/catalog`, {
    'x-tenant-id': tenant,
  });

  return {
    status: response.status,
    cell: String(response.headers['x-cell'] ?? ''),
    bodyCell: response.json?.cell,
    version: Number(response.headers['x-config-version'] ?? 0),
  };
}

async function ready(url: string): Promise<true | undefined> {
  const response = await getJson(url);

  return response.status === 200 ? true : undefined;
}

/**
 * Waits until every tenant is answered 200 through the gateway: each of its
 * worker processes follows snapshots on its own, and readiness answers for
 * one of them.
 */
async function everyTenantServed(): Promise<void> {
  await waitUntil('every tenant to be served', async () => {
    for (const tenant of TENANTS) {
      const route = await routeOf(tenant);
      if (route.status !== 200) return undefined;
    }

    return true;
  });
}

async function startGateway(): Promise<AppProcess> {
  const started = new AppProcess(
    'gateway',
    'apps/gateway/src/main.ts',
    gatewayEnv,
    log('gateway'),
  );
  processes.push(started);
  await waitUntil('gateway /readyz', () => ready(`${gatewayUrl}/readyz`));

  return started;
}

async function seedTopology(db: TestDatabase['db'], ports: number[][]) {
  await db.region.create({ data: { id: 'us-east', name: 'US East' } });

  for (const [index, cell] of CELLS.entries()) {
    await db.cell.create({
      data: {
        id: cell,
        regionId: 'us-east',
        capacityRps: 10_000,
        instances: {
          create: (ports[index] ?? []).map((port, n) => ({
            id: `${cell}-i${n + 1}`,
            url: `http://127.0.0.1:${port}`,
          })),
        },
      },
    });
  }

  await db.tenant.createMany({
    data: TENANTS.map((id) => ({
      id,
      name: `Tenant ${id.slice(2)}`,
      tier: 'standard' as const,
    })),
  });
  await db.user.create({
    data: {
      id: 'u-e2e-admin',
      email: ADMIN_EMAIL,
      name: 'E2E Admin',
      role: 'admin',
      passwordHash: await hashPassword(password),
    },
  });
}

beforeAll(async () => {
  database = await createTestDatabase({ label: 'e2e planes' });
  for (const { name } of cellDatabases) {
    await adminSql(`CREATE DATABASE "${name}"`);
  }

  const apiPort = await freePort();
  const gatewayPort = await freePort();
  // use1-a runs two instances, use1-b one.
  const cellPorts = [[await freePort(), await freePort()], [await freePort()]];
  apiUrl = `http://127.0.0.1:${apiPort}`;
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
  await seedTopology(database.db, cellPorts);

  controlApi = new AppProcess(
    'control-api',
    'apps/control-api/src/main.ts',
    {
      DATABASE_URL: database.url,
      REDIS_URL,
      CONTROL_API_HOST: '127.0.0.1',
      CONTROL_API_PORT: String(apiPort),
      CELLPLANE_STATE_DIR: apiStateDir,
      CELLPLANE_CONFIG_TOKEN: token,
      CELLPLANE_QUEUE_PREFIX: queuePrefix,
      // The steady load below comes from this one process at ~400 req/s:
      // over the 100 req/s per-address default it would measure limiting,
      // not the planes.
      CELLPLANE_CLIENT_RATE_LIMIT: '100000',
      LOG_LEVEL: 'info',
    },
    log('control-api'),
  );
  processes.push(controlApi);
  await waitUntil(
    'the control-api to publish its first snapshot',
    async () => {
      const latest = await getJson(`${apiUrl}/v1/snapshots/latest`, {
        authorization: `Bearer ${token}`,
      });

      return latest.status === 200 && existsSync(publicKeyFile)
        ? true
        : undefined;
    },
    60_000,
  );

  const cellApps = CELLS.flatMap((cell, index) =>
    (cellPorts[index] ?? []).map((port, n) => {
      const instance = `${cell}-i${n + 1}`;
      const app = new AppProcess(
        instance,
        'apps/cell-app/src/main.ts',
        {
          CELL_ID: cell,
          INSTANCE_ID: instance,
          CELL_APP_HOST: '127.0.0.1',
          CELL_APP_PORT: String(port),
          CELL_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${cellDatabases[index]?.name}`,
          CONTROL_API_URL: apiUrl,
          CELLPLANE_CONFIG_TOKEN: token,
          SNAPSHOT_PUBLIC_KEY_FILE: publicKeyFile,
          LOG_LEVEL: 'warn',
        },
        log(instance),
      );
      processes.push(app);

      return { app, url: `http://127.0.0.1:${port}` };
    }),
  );
  for (const { app, url } of cellApps) {
    await waitUntil(`${app.name} /readyz`, () => ready(`${url}/readyz`));
  }

  gatewayEnv = {
    GATEWAY_ID: `gw-e2e-${run}`,
    GATEWAY_HOST: '127.0.0.1',
    GATEWAY_PORT: String(gatewayPort),
    CONTROL_API_URL: apiUrl,
    CELLPLANE_CONFIG_TOKEN: token,
    SNAPSHOT_PUBLIC_KEY_FILE: publicKeyFile,
    GATEWAY_STATE_DIR: gatewayStateDir,
    // Two workers on any machine: each follows the control plane on its
    // own stream, as in production.
    GATEWAY_WORKERS: '2',
    LOG_LEVEL: 'warn',
  };
  gateway = await startGateway();
  await everyTenantServed();
}, 120_000);

afterAll(async () => {
  await Promise.all(
    processes.map((each) => each.signalAndWait('SIGTERM', 5_000)),
  );
  await agent.close();

  await database?.drop();
  for (const { name } of cellDatabases) {
    await adminSql(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
  await deleteQueueKeys(REDIS_URL, queuePrefix);
  rmSync(stateRoot, { recursive: true, force: true });
}, 60_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    for (const each of processes) console.error(each.tail());
  });
});

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}

describe('planes end to end', () => {
  it('routes every tenant to a cell that agrees it owns the tenant', async () => {
    const seen = new Set<string>();

    for (const tenant of TENANTS) {
      const route = await routeOf(tenant);
      expect(route.status, tenant).toBe(200);
      expect(CELLS).toContain(route.cell);
      expect(route.bodyCell).toBe(route.cell);
      seen.add(route.cell);
    }

    // 40 tenants on a two-cell ring: both cells serve some.
    expect([...seen].sort()).toEqual([...CELLS]);
  });

  it('(a) a placement change through the API reaches the gateway and changes routing', async () => {
    const signIn = await trpcCall(apiUrl, 'auth.signIn', {
      mutation: true,
      input: { email: ADMIN_EMAIL, password },
    });
    const cookie = signIn.setCookie
      .find((each) => each.startsWith('cp_session='))
      ?.split(';')[0];
    expect(cookie).toBeDefined();

    const timings: number[] = [];
    let lastVersion = (await routeOf(TENANTS[0] ?? '')).version;

    for (let change = 0; change < CHANGES; change += 1) {
      const tenant = TENANTS[change % 5] ?? '';
      const before = await routeOf(tenant);
      const target = before.cell === CELLS[0] ? CELLS[1] : CELLS[0];

      await trpcCall(apiUrl, 'placement.pin', {
        mutation: true,
        input: { tenantId: tenant, cellId: target },
        cookie,
      });
      const calledAt = performance.now();

      const after = await waitUntil(
        `${tenant} to be routed to ${target}`,
        async () => {
          const route = await routeOf(tenant);

          return route.cell === target && route.status === 200
            ? route
            : undefined;
        },
        10_000,
        1,
      );
      timings.push(performance.now() - calledAt);

      expect(after.bodyCell).toBe(target);
      expect(after.version).toBeGreaterThan(lastVersion);
      lastVersion = after.version;
    }

    const sorted = [...timings].sort((a, b) => a - b);
    const p50 = Math.round(percentile(sorted, 0.5) * 10) / 10;
    const max = Math.round((sorted.at(-1) ?? Number.NaN) * 10) / 10;
    console.log(
      `[e2e] placement change -> gateway routing, over ${CHANGES} changes: ` +
        `p50 ${p50} ms, max ${max} ms`,
    );
    expect(timings).toHaveLength(CHANGES);
  }, 120_000);

  it('(b) with the control-api killed, a steady load sees zero failed requests', async () => {
    // Let every gateway worker take the last push (each has its own
    // stream) and every cell hold that version, so none refuses a tenant.
    const gatewayVersion = await waitUntil(
      'every gateway worker to hold one version',
      async () => {
        const body = (await getJson(`${gatewayUrl}/readyz`)).json;
        const versions = body?.versions as
          { oldest: number; newest: number } | null | undefined;

        return versions && versions.oldest === versions.newest
          ? body?.version
          : undefined;
      },
    );
    await everyTenantServed();

    await controlApi.signalAndWait('SIGKILL');
    await expect(
      fetch(`${apiUrl}/v1/snapshots/latest`, {
        signal: AbortSignal.timeout(1_000),
      }),
    ).rejects.toThrow();

    const result = await steadyLoad({
      baseUrl: gatewayUrl,
      tenants: TENANTS,
      total: 2_000,
      durationMs: 5_000,
      concurrency: 8,
    });
    console.log(
      `[e2e] control-api down: ${result.ok}/${result.total} ok in ` +
        `${result.elapsedMs} ms, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
        `by cell ${JSON.stringify(result.byCell)}`,
    );

    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
    expect(Object.keys(result.byCell).sort()).toEqual([...CELLS]);
    expect((await getJson(`${gatewayUrl}/readyz`)).json?.version).toBe(
      gatewayVersion,
    );
  }, 60_000);

  it('(c) a gateway restarted while the control-api is down serves from its saved snapshot', async () => {
    expect(controlApi.running).toBe(false);
    const version = (await getJson(`${gatewayUrl}/readyz`)).json?.version;
    const routes = new Map<string, string>();
    for (const tenant of TENANTS)
      routes.set(tenant, (await routeOf(tenant)).cell);

    await gateway.signalAndWait('SIGTERM');
    await expect(
      fetch(`${gatewayUrl}/healthz`, { signal: AbortSignal.timeout(1_000) }),
    ).rejects.toThrow();
    gateway = await startGateway();

    const readiness = await getJson(`${gatewayUrl}/readyz`);
    expect(readiness.status).toBe(200);
    expect(readiness.json?.version).toBe(version);
    expect(readiness.json?.connected).toBe(false);

    for (const tenant of TENANTS) {
      const route = await routeOf(tenant);
      expect(route.status, tenant).toBe(200);
      expect(route.cell, tenant).toBe(routes.get(tenant));
      expect(route.version).toBe(version);
    }

    const result = await steadyLoad({
      baseUrl: gatewayUrl,
      tenants: TENANTS,
      total: 400,
      durationMs: 1_000,
      concurrency: 8,
    });
    expect(result.failures).toEqual([]);
    expect(result.failed).toBe(0);
  }, 60_000);
});
