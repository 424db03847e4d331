import { randomBytes } from 'node:crypto';

import {
  createDb,
  ensureDatabase,
  runMigrations,
  withDatabase,
} from '@cellplane/db';

import { seedDatabase } from '../../../prisma/seed/seed-database';
import { dropDatabase } from './drop-database';

export interface BenchTopology {
  /** The control plane's database for this run, migrated and seeded. */
  readonly databaseUrl: string;
  readonly cellId: string;
  readonly instanceId: string;
  /** Drops the database (ending its sessions). */
  drop(): Promise<void>;
}

/**
 * A control-plane database of its own for one bench run: migrated with the
 * project's runner, seeded with the case-study topology (6 cells, 10,000
 * tenants; no active policy), then given one more cell, `bench-<hex>`,
 * whose only instance is the bench's cell-app. The seeded instances (demo ports 9101..9112, which
 * other runs on this machine may be using) are removed, so no gateway or
 * probe of this run ever calls them; tenants the ring places in the bench
 * cell are the ones the load sends.
 */
export async function createBenchTopology(options: {
  readonly adminUrl: string;
  readonly instanceUrl: string;
}): Promise<BenchTopology> {
  const suffix = randomBytes(3).toString('hex');
  const name = `cellplane_bench_${suffix}`;
  const databaseUrl = withDatabase(options.adminUrl, name);
  const cellId = `bench-${suffix}`;
  const instanceId = `${cellId}-i1`;

  const drop = () => dropDatabase(options.adminUrl, name);

  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl);
  try {
    await runMigrations({ databaseUrl });
    // No active policy: the control-api's snapshot stays the plain
    // gateway's (routes and identity absent); the full configurations add
    // their sections, policy included, to a copy (full-snapshot.ts).
    await seedDatabase(db, {
      password: randomBytes(18).toString('base64url'),
      policy: false,
    });

    await db.instance.deleteMany({});
    await db.cell.create({
      data: {
        id: cellId,
        regionId: 'us-east',
        capacityRps: 10_000,
        weight: 1,
        state: 'active',
      },
    });
    await db.instance.create({
      data: { id: instanceId, cellId, url: options.instanceUrl, weight: 1 },
    });
  } catch (error) {
    await db.$disconnect();
    await drop();
    throw error;
  }
  await db.$disconnect();

  return { databaseUrl, cellId, instanceId, drop };
}
