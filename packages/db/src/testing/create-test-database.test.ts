import pg from 'pg';
import { describe, expect, it } from 'vitest';

import { createTestDatabase } from './create-test-database';

async function databaseExists(name: string) {
  const client = new pg.Client({
    connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres',
  });
  await client.connect();
  try {
    const { rowCount } = await client.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [name],
    );

    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('gives a migrated database the Prisma client can use, then drops it', async () => {
    const test = await createTestDatabase({ label: 'db package' });
    expect(test.name).toMatch(/^cp_test_db_package_[0-9a-f]{10}$/);

    // One write per model: the committed SQL and the generated client agree.
    const { db } = test;
    await db.region.create({ data: { id: 'us-east', name: 'US East' } });
    await db.cell.create({
      data: {
        id: 'use1-a',
        regionId: 'us-east',
        capacityRps: 10_000,
        instances: {
          create: { id: 'use1-a-i1', url: 'http://127.0.0.1:9101' },
        },
      },
    });
    await db.tenant.create({
      data: {
        id: 't-00001',
        name: 'Tenant 00001',
        tier: 'enterprise',
        override: { create: { cellId: 'use1-a', createdBy: 'u-admin' } },
      },
    });
    await db.configSnapshot.create({
      data: {
        version: 1,
        hash: 'h',
        keyId: 'k',
        signature: 's',
        body: { cells: [] },
        author: 'u-admin',
        cause: 'test',
      },
    });
    await db.gatewayStatus.create({
      data: { gatewayId: 'gw-1', appliedVersion: 1, lastSeenAt: new Date() },
    });
    await db.user.create({
      data: {
        id: 'u-admin',
        email: 'admin@cellplane.local',
        name: 'Admin',
        role: 'admin',
        passwordHash: 'x',
        sessions: {
          create: {
            id: 's-1',
            tokenHash: 'th',
            expiresAt: new Date(Date.now() + 60_000),
          },
        },
      },
    });
    const entry = await db.auditLog.create({
      data: {
        actorId: 'u-admin',
        actorEmail: 'admin@cellplane.local',
        action: 'cell.create',
        targetType: 'cell',
        targetId: 'use1-a',
        after: { capacityRps: 10_000 },
      },
    });

    const cell = await db.cell.findUniqueOrThrow({
      where: { id: 'use1-a' },
      include: { instances: true, overrides: true, region: true },
    });
    expect(cell).toMatchObject({
      state: 'active',
      weight: 1,
      region: { name: 'US East' },
      instances: [{ url: 'http://127.0.0.1:9101', weight: 1 }],
      overrides: [{ tenantId: 't-00001', reason: 'pinned' }],
    });
    expect(typeof entry.id).toBe('bigint');
    await expect(
      db.auditLog.update({ where: { id: entry.id }, data: { action: 'x' } }),
    ).rejects.toThrow(/append-only/);

    await test.drop();

    expect(await databaseExists(test.name)).toBe(false);
  }, 30_000);
});
