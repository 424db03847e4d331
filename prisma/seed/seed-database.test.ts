import { verifyPassword } from '@cellplane/db';
import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { seedDatabase } from './seed-database';

describe('seedDatabase', () => {
  let test: TestDatabase;

  beforeAll(async () => {
    test = await createTestDatabase({ label: 'seed' });
  }, 30_000);

  afterAll(async () => {
    await test?.drop();
  });

  it('inserts the case-study topology, tenants and users', async () => {
    const result = await seedDatabase(test.db, { password: 'first-pass' });

    expect(result).toEqual({
      regions: 3,
      cells: 6,
      instances: 12,
      tenants: 10_000,
      users: 4,
      passwordsReset: 0,
      policyBundles: 1,
      policyActivations: 1,
    });
    const active = await test.db.activePolicy.findUniqueOrThrow({
      where: { scope: 'global' },
      include: { bundle: true },
    });
    expect(active.entrypoint).toBe('cellplane/authz/allow');
    expect(active.bundle.entrypoints).toEqual(['cellplane/authz/allow']);
    expect(await test.db.tenant.count({ where: { tier: 'enterprise' } })).toBe(
      500,
    );
    const admin = await test.db.user.findUniqueOrThrow({
      where: { email: 'admin@cellplane.local' },
    });
    expect(admin.role).toBe('admin');
    expect(admin.passwordHash).not.toContain('first-pass');
    expect(await verifyPassword('first-pass', admin.passwordHash)).toBe(true);
  }, 60_000);

  it('changes nothing on a re-run and keeps console changes', async () => {
    await test.db.cell.update({
      where: { id: 'use1-b' },
      data: { state: 'draining' },
    });

    const result = await seedDatabase(test.db, { password: 'first-pass' });

    expect(Object.values(result).every((count) => count === 0)).toBe(true);
    expect(await test.db.tenant.count()).toBe(10_000);
    expect(
      (await test.db.cell.findUniqueOrThrow({ where: { id: 'use1-b' } })).state,
    ).toBe('draining');
  }, 60_000);

  it('resets the seeded users to a new seed password', async () => {
    const result = await seedDatabase(test.db, { password: 'second-pass' });

    expect(result.passwordsReset).toBe(4);
    const viewer = await test.db.user.findUniqueOrThrow({
      where: { email: 'viewer@cellplane.local' },
    });
    expect(await verifyPassword('second-pass', viewer.passwordHash)).toBe(true);
  }, 60_000);
});
