import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { hashPassword } from '@cellplane/db';
import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { deleteQueueKeys } from '@cellplane/control-api/testing';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { TokenMinter } from '../../bench/load/token-minter';
import { adminSql } from './support/admin-sql';
import { AppProcess } from './support/app-process';
import { freePort } from './support/free-port';
import { trpcCall } from './support/trpc-call';
import { waitUntil } from './support/wait-until';

/**
 * Issue 4's edge configuration end to end: a change made through the
 * control-api's tRPC API (issuer and key, route auth, revocation, forced
 * degradation) reaches a real gateway in a signed snapshot and changes
 * what it answers. Real processes on loopback: control-api, one cell-app
 * instance with its own database, and a gateway with one worker (so one
 * answer tells what the gateway applied).
 */

const REDIS_URL = 'redis://127.0.0.1:6379';
const ADMIN_EMAIL = 'admin@cellplane.test';
const CELL = 'use1-a';
const TENANT = 't-00001';
const ISSUER = 'https://idp.e2e.test';

const run = randomBytes(4).toString('hex');
const password = `e2e-${randomBytes(8).toString('hex')}`;
const configToken = `e2e-config-token-${run}`;
const queuePrefix = `cp-e2e-edge-${run}`;
const stateRoot = mkdtempSync(join(tmpdir(), 'cellplane-e2e-edge-'));
const apiStateDir = join(stateRoot, 'control-api');
const publicKeyFile = join(apiStateDir, 'snapshot-signing.pub.pem');
const cellDatabase = `cp_test_e2e_edge_${run}`;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const minter = new TokenMinter({
  issuer: ISSUER,
  audience: 'cellplane-e2e',
  keys: [{ kid: 'e2e-rs', alg: 'RS256', privateKey: rsa.privateKey }],
  es256Share: 0,
  adminShare: 0,
  lifetimeS: 300,
});
const random = () => 0.5;

const processes: AppProcess[] = [];
const agent = new Agent({ connections: 4 });
let database: TestDatabase | undefined;
let apiUrl = '';
let gatewayUrl = '';
let cookie = '';

/** One request through the gateway: status, error code and config version. */
async function send(
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string> = {},
) {
  const response = await request(`${gatewayUrl}${path}`, {
    dispatcher: agent,
    method,
    headers: {
      'x-tenant-id': TENANT,
      ...(method === 'POST' && { 'content-type': 'application/json' }),
      ...headers,
    },
    body:
      method === 'POST'
        ? JSON.stringify({ sku: 'sku-001', quantity: 1 })
        : null,
    headersTimeout: 2_000,
    bodyTimeout: 2_000,
  });
  const text = await response.body.text();
  let code: string | undefined;
  try {
    const json = JSON.parse(text) as {
      code?: string;
      error?: { code?: string };
    };
    code = json.error?.code ?? json.code;
  } catch {
    code = undefined;
  }

  return {
    status: response.statusCode,
    code,
    challenge: response.headers['www-authenticate'],
    retryAfter: response.headers['retry-after'],
  };
}

async function mutate(path: string, input: unknown) {
  return trpcCall(apiUrl, path, { mutation: true, input, cookie });
}

/** Waits until the gateway answers `path` with `status`. */
function answers(
  what: string,
  status: number,
  probe: () => ReturnType<typeof send>,
) {
  return waitUntil(
    what,
    async () => {
      const result = await probe();

      return result.status === status ? result : undefined;
    },
    20_000,
    50,
  );
}

async function ready(url: string): Promise<true | undefined> {
  const response = await request(url, { dispatcher: agent });
  await response.body.dump();

  return response.statusCode === 200 ? true : undefined;
}

beforeAll(async () => {
  database = await createTestDatabase({ label: 'e2e edge' });
  await adminSql(`CREATE DATABASE "${cellDatabase}"`);

  const apiPort = await freePort();
  const gatewayPort = await freePort();
  const cellPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  gatewayUrl = `http://127.0.0.1:${gatewayPort}`;

  const { db } = database;
  await db.region.create({ data: { id: 'us-east', name: 'US East' } });
  await db.cell.create({
    data: {
      id: CELL,
      regionId: 'us-east',
      capacityRps: 10_000,
      instances: {
        create: [{ id: `${CELL}-i1`, url: `http://127.0.0.1:${cellPort}` }],
      },
    },
  });
  await db.tenant.create({
    data: { id: TENANT, name: 'Tenant 1', tier: 'standard' },
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

  const controlApi = new AppProcess(
    'control-api',
    'apps/control-api/src/main.ts',
    {
      DATABASE_URL: database.url,
      REDIS_URL,
      CONTROL_API_HOST: '127.0.0.1',
      CONTROL_API_PORT: String(apiPort),
      CELLPLANE_STATE_DIR: apiStateDir,
      CELLPLANE_CONFIG_TOKEN: configToken,
      CELLPLANE_QUEUE_PREFIX: queuePrefix,
      CELLPLANE_CLIENT_RATE_LIMIT: '100000',
      LOG_LEVEL: 'info',
    },
    join(stateRoot, 'control-api.log'),
  );
  processes.push(controlApi);
  await waitUntil(
    'the control-api to publish its first snapshot',
    async () => {
      const response = await request(`${apiUrl}/v1/snapshots/latest`, {
        dispatcher: agent,
        headers: { authorization: `Bearer ${configToken}` },
      });
      await response.body.dump();

      return response.statusCode === 200 && existsSync(publicKeyFile)
        ? true
        : undefined;
    },
    60_000,
  );

  const cellApp = new AppProcess(
    `${CELL}-i1`,
    'apps/cell-app/src/main.ts',
    {
      CELL_ID: CELL,
      INSTANCE_ID: `${CELL}-i1`,
      CELL_APP_HOST: '127.0.0.1',
      CELL_APP_PORT: String(cellPort),
      CELL_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${cellDatabase}`,
      CONTROL_API_URL: apiUrl,
      CELLPLANE_CONFIG_TOKEN: configToken,
      SNAPSHOT_PUBLIC_KEY_FILE: publicKeyFile,
      LOG_LEVEL: 'warn',
    },
    join(stateRoot, 'cell-app.log'),
  );
  processes.push(cellApp);
  await waitUntil('cell-app /readyz', () =>
    ready(`http://127.0.0.1:${cellPort}/readyz`),
  );

  const gateway = new AppProcess(
    'gateway',
    'apps/gateway/src/main.ts',
    {
      GATEWAY_ID: `gw-e2e-edge-${run}`,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(gatewayPort),
      GATEWAY_ADMIN_PORT: String(await freePort()),
      GATEWAY_WORKERS: '1',
      CONTROL_API_URL: apiUrl,
      CELLPLANE_CONFIG_TOKEN: configToken,
      SNAPSHOT_PUBLIC_KEY_FILE: publicKeyFile,
      GATEWAY_STATE_DIR: join(stateRoot, 'gateway'),
      LOG_LEVEL: 'warn',
    },
    join(stateRoot, 'gateway.log'),
  );
  processes.push(gateway);
  await waitUntil('gateway /readyz', () => ready(`${gatewayUrl}/readyz`));
  await answers('the tenant to be served', 200, () => send('GET', '/catalog'));

  const signIn = await trpcCall(apiUrl, 'auth.signIn', {
    mutation: true,
    input: { email: ADMIN_EMAIL, password },
  });
  cookie =
    signIn.setCookie
      .find((each) => each.startsWith('cp_session='))
      ?.split(';')[0] ?? '';
}, 120_000);

afterAll(async () => {
  await Promise.all(
    processes.map((each) => each.signalAndWait('SIGTERM', 5_000)),
  );
  await agent.close();

  await database?.drop();
  await adminSql(`DROP DATABASE IF EXISTS "${cellDatabase}" WITH (FORCE)`);
  await deleteQueueKeys(REDIS_URL, queuePrefix);
  rmSync(stateRoot, { recursive: true, force: true });
}, 60_000);

beforeEach(({ onTestFailed }) => {
  onTestFailed(() => {
    for (const each of processes) console.error(each.tail());
  });
});

describe('edge configuration end to end', () => {
  it('a route made `required` answers 401 without a token, and a token of a configured issuer passes', async () => {
    // Before any route exists the gateway's implicit `/` is optional.
    expect((await send('GET', '/catalog')).status).toBe(200);

    await mutate('edge.issuers.create', {
      id: 'e2e-idp',
      issuer: ISSUER,
      audiences: ['cellplane-e2e'],
      algorithms: ['RS256'],
    });
    await mutate('edge.issuers.addKey', {
      issuerId: 'e2e-idp',
      jwk: { ...rsa.publicKey.export({ format: 'jwk' }), kid: 'e2e-rs' },
    });
    await mutate('edge.routes.create', {
      id: 'r-root',
      pathPrefix: '/',
      auth: 'optional',
    });
    await mutate('edge.routes.create', {
      id: 'r-catalog',
      pathPrefix: '/catalog',
      auth: 'required',
    });

    const refused = await answers('/catalog to need a token', 401, () =>
      send('GET', '/catalog'),
    );
    expect(refused.code).toBe('GW_TOKEN_MISSING');
    expect(refused.challenge).toMatch(/^Bearer/);

    const { token } = await minter.mint(TENANT, random);
    const withToken = await answers('a token to pass', 200, () =>
      send('GET', '/catalog', { authorization: `Bearer ${token}` }),
    );
    expect(withToken.status).toBe(200);
    // Another route stays optional: header-only requests still work there.
    expect((await send('GET', '/cart')).status).not.toBe(401);
  }, 60_000);

  it('a revoked token id is refused once the snapshot carries it', async () => {
    const minted = await minter.mint(TENANT, random);
    const jti = JSON.parse(
      Buffer.from(minted.token.split('.')[1] ?? '', 'base64url').toString(),
    ) as { jti: string };
    const headers = { authorization: `Bearer ${minted.token}` };
    expect((await send('GET', '/catalog', headers)).status).toBe(200);

    await mutate('edge.revocations.revoke', {
      tokenId: jti.jti,
      reason: 'e2e',
    });

    const refused = await answers('the revoked token to be refused', 401, () =>
      send('GET', '/catalog', headers),
    );
    expect(refused.code).toBe('GW_TOKEN_INVALID');
  }, 60_000);

  it('a cell forced to `limited` refuses writes with 503 and serves reads, until cleared', async () => {
    const { token } = await minter.mint(TENANT, random);
    const auth = { authorization: `Bearer ${token}` };
    const write = () =>
      send('POST', '/cart/items', { ...auth, 'x-cart-id': `c-${run}` });
    expect((await write()).status).toBe(200);

    await mutate('edge.degradation.force', {
      cellId: CELL,
      level: 'limited',
      reason: 'e2e drill',
    });

    const refused = await answers('writes to be refused', 503, write);
    expect(refused.code).toBe('GW_DEGRADED');
    expect(refused.retryAfter).toBeDefined();
    expect((await send('GET', '/catalog', auth)).status).toBe(200);

    await mutate('edge.degradation.clear', { cellId: CELL });
    await answers('writes to be served again', 200, write);
  }, 60_000);
});
