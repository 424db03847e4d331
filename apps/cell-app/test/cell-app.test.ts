import type { SnapshotBody } from '@cellplane/contract';
import { sampleSnapshotBody } from '@cellplane/contract/testing';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { tenantCatalog } from '../src/catalog/tenant-catalog';
import { loadCellAppConfig } from '../src/config/cell-app-config';
import { migrateCellDatabase } from '../src/db/migrate-cell-database';
import { startCellApp, type RunningCellApp } from '../src/start-cell-app';
import {
  createCellTestDatabase,
  type CellTestDatabase,
} from './support/cell-test-database';
import { SnapshotServer } from './support/snapshot-server';

const CELL = 'use1-a';

/**
 * This cell is the only active one, so the ring puts every tenant here;
 * overrides pin some tenants to `use1-b` (draining, off the ring).
 */
function topology(
  version: number,
  overrides: SnapshotBody['overrides'],
): SnapshotBody {
  const base = sampleSnapshotBody();

  return {
    ...base,
    version,
    cells: base.cells
      .filter((cell) => cell.id === CELL || cell.id === 'use1-b')
      .map((cell) =>
        cell.id === CELL ? cell : { ...cell, state: 'draining' as const },
      ),
    tenants: [
      ...base.tenants,
      ...Array.from({ length: 6 }, (_, index) => ({
        id: `t-x${index}`,
        tier: 'free' as const,
      })),
    ],
    overrides,
  };
}

let database: CellTestDatabase;
let snapshots: SnapshotServer;
let app: RunningCellApp;
let sql: pg.Pool;

beforeAll(async () => {
  database = await createCellTestDatabase('cell_app');
  snapshots = await new SnapshotServer().listen();
  snapshots.publish(
    topology(1, [{ tenantId: 't-b', cellId: 'use1-b', reason: 'pinned' }]),
  );

  const config = loadCellAppConfig({
    CELL_ID: CELL,
    INSTANCE_ID: 'use1-a-i1',
    CELL_APP_PORT: '0',
    CELL_DATABASE_URL: database.url,
    CONTROL_API_URL: snapshots.url,
    CELLPLANE_CONFIG_TOKEN: snapshots.token,
    SNAPSHOT_PUBLIC_KEY_FILE: 'unused-in-process',
    CELL_DB_POOL_MAX: '25',
  });
  app = await startCellApp(config, [snapshots.key], pino({ level: 'silent' }));
  sql = new pg.Pool({ connectionString: database.url, max: 2 });

  await until(() => app.placement.current !== null);
});

afterAll(async () => {
  await sql?.end();
  await app?.close(1_000);
  await snapshots?.close();
  await database?.drop();
});

async function call(
  method: 'GET' | 'POST',
  path: string,
  options: {
    tenant?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
) {
  const headers: Record<string, string> = { ...options.headers };
  if (options.tenant !== undefined) headers['x-tenant-id'] = options.tenant;
  if (options.body !== undefined) headers['content-type'] = 'application/json';

  const response = await fetch(`${app.url}${path}`, {
    method,
    headers,
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const json = (await response.json()) as Record<string, unknown>;

  return { status: response.status, headers: response.headers, json };
}

async function addToCart(
  tenant: string,
  cartId: string,
  sku: string,
  quantity: number,
) {
  const response = await call('POST', '/cart/items', {
    tenant,
    body: { sku, quantity },
    headers: { 'x-cart-id': cartId },
  });
  expect(response.status).toBe(200);
}

async function inventoryOf(tenant: string, sku: string): Promise<number> {
  const { rows } = await sql.query<{ inventory: number }>(
    'SELECT inventory FROM products WHERE tenant_id = $1 AND sku = $2',
    [tenant, sku],
  );

  return rows[0]?.inventory ?? -1;
}

async function until(check: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('cell-app', () => {
  it('provisions a tenant catalog on first request, deterministically', async () => {
    const response = await call('GET', '/catalog', { tenant: 't-a' });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-cell')).toBe(CELL);
    expect(response.json.cell).toBe(CELL);
    expect(response.json.products).toEqual(tenantCatalog('t-a'));
    expect(tenantCatalog('t-a')).toHaveLength(20);

    const again = await call('GET', '/catalog', { tenant: 't-a' });
    expect(again.json.products).toEqual(response.json.products);
  });

  it('answers HEAD as GET without a body, and names both in allow', async () => {
    const head = await fetch(`${app.url}/catalog`, {
      method: 'HEAD',
      headers: { 'x-tenant-id': 't-a' },
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');

    const put = await fetch(`${app.url}/catalog`, {
      method: 'PUT',
      headers: { 'x-tenant-id': 't-a' },
    });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
  });

  it('reads one product and names a missing one', async () => {
    const found = await call('GET', '/catalog/sku-003', { tenant: 't-a' });
    expect(found.status).toBe(200);
    expect(found.json.product).toEqual(tenantCatalog('t-a')[2]);

    const missing = await call('GET', '/catalog/sku-999', { tenant: 't-a' });
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({
      code: 'PRODUCT_NOT_FOUND',
      cell: CELL,
    });
  });

  it('fills a cart and checks it out, decrementing inventory once', async () => {
    await call('GET', '/catalog', { tenant: 't-c' });
    const before = await inventoryOf('t-c', 'sku-001');
    await addToCart('t-c', 'cart-1', 'sku-001', 2);
    await addToCart('t-c', 'cart-1', 'sku-001', 1);
    const added = await call('POST', '/cart/items', {
      tenant: 't-c',
      body: { sku: 'sku-004', quantity: 1, cartId: 'cart-1' },
    });
    expect(added.json.cart).toMatchObject({
      cartId: 'cart-1',
      checkedOut: false,
      items: [
        { sku: 'sku-001', quantity: 3 },
        { sku: 'sku-004', quantity: 1 },
      ],
    });

    const cart = await call('GET', '/cart/cart-1', { tenant: 't-c' });
    const catalog = tenantCatalog('t-c');
    const expectedTotal =
      3 * (catalog[0]?.priceCents ?? 0) + (catalog[3]?.priceCents ?? 0);
    expect(cart.json.cart).toMatchObject({ totalCents: expectedTotal });

    const order = await call('POST', '/checkout', {
      tenant: 't-c',
      body: { cartId: 'cart-1' },
    });
    expect(order.status).toBe(201);
    expect(order.headers.get('x-cell')).toBe(CELL);
    expect(order.json.order).toMatchObject({
      cartId: 'cart-1',
      totalCents: expectedTotal,
    });
    expect(await inventoryOf('t-c', 'sku-001')).toBe(before - 3);

    const twice = await call('POST', '/checkout', {
      tenant: 't-c',
      body: { cartId: 'cart-1' },
    });
    expect(twice.status).toBe(409);
    expect(twice.json.code).toBe('CART_CHECKED_OUT');
  });

  it('starts a new cart when none is named', async () => {
    const response = await call('POST', '/cart/items', {
      tenant: 't-c',
      body: { sku: 'sku-002', quantity: 1 },
    });

    expect(response.status).toBe(200);
    expect((response.json.cart as { cartId: string }).cartId).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it('sells the last item exactly once to 20 concurrent checkouts', async () => {
    await call('GET', '/catalog', { tenant: 't-d' });
    await sql.query(
      "UPDATE products SET inventory = 1 WHERE tenant_id = 't-d' AND sku = 'sku-005'",
    );
    const carts = Array.from({ length: 20 }, (_, index) => `race-${index}`);
    for (const cartId of carts) {
      await addToCart('t-d', cartId, 'sku-005', 1);
      await addToCart('t-d', cartId, 'sku-006', 1);
    }
    const sku6Before = await inventoryOf('t-d', 'sku-006');

    const results = await Promise.all(
      carts.map((cartId) =>
        call('POST', '/checkout', { tenant: 't-d', body: { cartId } }),
      ),
    );

    const statuses = results.map((result) => result.status).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const result of results.filter((each) => each.status === 409)) {
      expect(result.json.code).toBe('OUT_OF_STOCK');
    }
    expect(await inventoryOf('t-d', 'sku-005')).toBe(0);
    // The refused checkouts left the other line of their carts untouched.
    expect(await inventoryOf('t-d', 'sku-006')).toBe(sku6Before - 1);
    const { rows } = await sql.query(
      "SELECT count(*)::int AS n FROM orders WHERE tenant_id = 't-d'",
    );
    expect(rows[0]).toEqual({ n: 1 });
  });

  it('refuses to oversell with 409 OUT_OF_STOCK and changes nothing', async () => {
    await call('GET', '/catalog', { tenant: 't-x0' });
    const stock = await inventoryOf('t-x0', 'sku-007');
    await addToCart('t-x0', 'big', 'sku-007', 100);
    await addToCart('t-x0', 'big', 'sku-007', 100);
    await addToCart('t-x0', 'big', 'sku-007', 100);
    await addToCart('t-x0', 'big', 'sku-007', 100);
    await addToCart('t-x0', 'big', 'sku-007', 100);
    await addToCart('t-x0', 'big', 'sku-007', 100);

    const response = await call('POST', '/checkout', {
      tenant: 't-x0',
      body: { cartId: 'big' },
    });

    expect(stock).toBeLessThan(600);
    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({
      code: 'OUT_OF_STOCK',
      cell: CELL,
      items: [{ sku: 'sku-007', requested: 600, available: stock }],
    });
    expect(await inventoryOf('t-x0', 'sku-007')).toBe(stock);
    const cart = await call('GET', '/cart/big', { tenant: 't-x0' });
    expect(cart.json.cart).toMatchObject({ checkedOut: false });
  });

  it('answers 421 for a tenant placed on another cell, writing nothing', async () => {
    const response = await call('GET', '/catalog', { tenant: 't-b' });

    expect(response.status).toBe(421);
    expect(response.headers.get('x-cell')).toBe(CELL);
    expect(response.json).toMatchObject({
      code: 'MISDIRECTED_TENANT',
      cell: CELL,
      expectedCell: 'use1-b',
    });
    const { rows } = await sql.query(
      "SELECT count(*)::int AS n FROM products WHERE tenant_id = 't-b'",
    );
    expect(rows[0]).toEqual({ n: 0 });
  });

  it('catches up before judging a request routed by a newer snapshot', async () => {
    // Without a stream and with slow polling, only the catch-up can learn v2.
    snapshots.streamStatus = 503;
    const before = snapshots.streamRequests();
    snapshots.dropStreams();
    await until(() => snapshots.streamRequests() > before);
    expect(app.placement.current?.version).toBe(1);

    snapshots.publish(
      topology(2, [
        { tenantId: 't-b', cellId: 'use1-b', reason: 'pinned' },
        { tenantId: 't-x1', cellId: 'use1-b', reason: 'migrated' },
      ]),
    );
    const moved = await call('GET', '/catalog', {
      tenant: 't-x1',
      headers: { 'x-config-version': '2' },
    });

    expect(moved.status).toBe(421);
    expect(moved.json).toMatchObject({ expectedCell: 'use1-b' });
    expect(app.placement.current?.version).toBe(2);
    snapshots.streamStatus = 200;
  });

  it('answers 404 for a tenant no snapshot knows', async () => {
    const response = await call('GET', '/catalog', { tenant: 't-nobody' });

    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ code: 'TENANT_UNKNOWN', cell: CELL });
  });

  it('answers 400 naming the field for bad input', async () => {
    const cases = [
      { path: '/catalog', tenant: undefined, field: 'x-tenant-id' },
      { path: '/catalog', tenant: 'Bad Tenant!', field: 'x-tenant-id' },
      {
        path: '/cart/items',
        tenant: 't-a',
        body: { sku: 'sku-001', quantity: 0 },
        field: 'quantity',
      },
      {
        path: '/cart/items',
        tenant: 't-a',
        body: { sku: 'sku-001', quantity: 1.5 },
        field: 'quantity',
      },
      {
        path: '/cart/items',
        tenant: 't-a',
        body: { sku: 'SKU 1', quantity: 1 },
        field: 'sku',
      },
      {
        path: '/cart/items',
        tenant: 't-a',
        body: { sku: 'sku-001', quantity: 1, extra: true },
        field: 'body',
      },
      { path: '/checkout', tenant: 't-a', body: '{not json', field: 'body' },
      { path: '/checkout', tenant: 't-a', body: {}, field: 'cartId' },
      {
        path: '/checkout',
        tenant: 't-a',
        body: { cartId: 'a/b' },
        field: 'cartId',
      },
    ] as const;

    for (const each of cases) {
      const response = await call('body' in each ? 'POST' : 'GET', each.path, {
        ...(each.tenant === undefined ? {} : { tenant: each.tenant }),
        ...('body' in each ? { body: each.body } : {}),
      });
      expect(response.status, JSON.stringify(each)).toBe(400);
      expect(response.json.cell).toBe(CELL);
      expect(response.json.field, JSON.stringify(each)).toBe(each.field);
    }
  });

  it('reports readiness with the snapshot version it holds', async () => {
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json).toMatchObject({
      cell: CELL,
      database: true,
      snapshotVersion: app.placement.current?.version,
    });

    const health = await call('GET', '/healthz');
    expect(health.json).toMatchObject({ status: 'ok', cell: CELL });
  });

  it('migrates idempotently', async () => {
    const second = await migrateCellDatabase(app.pool);

    expect(second.applied).toEqual([]);
  });
});
