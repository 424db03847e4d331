import { randomBytes } from 'node:crypto';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import {
  cellDatabaseName,
  createCellDatabases,
} from '../src/setup/create-cell-databases';
import { dropDatabase } from './support/cell-test-database';

const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const suffix = randomBytes(4).toString('hex');
const cellIds = [`zz-${suffix}-a`, `zz-${suffix}-b`];

afterAll(async () => {
  for (const cellId of cellIds) await dropDatabase(cellDatabaseName(cellId));
});

async function tablesOf(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' ORDER BY table_name`,
    );

    return rows.map((row) => row.table_name);
  } finally {
    await client.end();
  }
}

describe('createCellDatabases', () => {
  it('names a database after its cell', () => {
    expect(cellDatabaseName('use1-a')).toBe('cellplane_cell_use1_a');
    expect(() => cellDatabaseName('Bad; DROP')).toThrow();
  });

  it('creates and migrates one database per cell, idempotently', async () => {
    const first = await createCellDatabases(ADMIN_URL, cellIds);

    expect(first.map((each) => each.created)).toEqual([true, true]);
    expect(first[0]?.database).toBe(`cellplane_cell_zz_${suffix}_a`);
    for (const each of first) {
      expect(each.migrations.length).toBeGreaterThan(0);
      expect(await tablesOf(each.url)).toEqual([
        'cart_items',
        'carts',
        'cell_app_migrations',
        'order_items',
        'orders',
        'products',
      ]);
    }

    const second = await createCellDatabases(ADMIN_URL, cellIds);
    expect(second.map((each) => [each.created, each.migrations])).toEqual([
      [false, []],
      [false, []],
    ]);
  });
});
