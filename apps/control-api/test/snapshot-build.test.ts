import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { snapshotBodySchema } from '@cellplane/contract';
import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CONFIG_DEFAULTS } from '../src/config/config-defaults';
import { readDesiredState } from '../src/publish/read-desired-state';
import { seedTopology } from './support/seed-topology';

const GOLDEN = fileURLToPath(
  new URL('./golden/snapshot-body.json', import.meta.url),
);

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ label: 'snapshot_build' });
  await seedTopology(database.db);
  await database.db.override.create({
    data: { tenantId: 't-00007', cellId: 'euc1-a', createdBy: 'test' },
  });
  // Inserted out of order: the snapshot must not depend on it.
  await database.db.tenant.create({
    data: { id: 't-0000', name: 'Sorts first', tier: 'enterprise' },
  });
}, 60_000);

afterAll(async () => {
  await database?.drop();
});

describe('snapshot build (golden)', () => {
  it('turns the seeded state into the committed snapshot body', async () => {
    const { state } = await database.db.$transaction((tx) =>
      readDesiredState(tx),
    );
    const body = snapshotBodySchema.parse({
      schemaVersion: 1,
      version: 1,
      builtAt: '2026-12-04T00:00:00.000Z',
      ...state,
      ring: CONFIG_DEFAULTS.ring,
    });
    const text = `${JSON.stringify(body, null, 2)}\n`;

    // UPDATE_GOLDEN=1 rewrites the file after a deliberate change.
    if (process.env.UPDATE_GOLDEN === '1') await writeFile(GOLDEN, text);

    const golden: unknown = JSON.parse(await readFile(GOLDEN, 'utf8'));
    expect(body).toEqual(golden);
  });

  it('gives the same fingerprint for the same state', async () => {
    const read = () => database.db.$transaction((tx) => readDesiredState(tx));
    const [first, second] = [await read(), await read()];

    expect(first.fingerprint).toBe(second.fingerprint);
  });
});
