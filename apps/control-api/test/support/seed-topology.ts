import { hashPassword, type Db } from '@cellplane/db';

export const TEST_PASSWORD = 'test-password-1';

export const ROLE_USERS = {
  viewer: 'viewer@cellplane.test',
  operator: 'operator@cellplane.test',
  approver: 'approver@cellplane.test',
  admin: 'admin@cellplane.test',
} as const;

/**
 * A small topology: two regions, three cells with two loopback instances
 * each (nothing listens there unless a test starts it), 30 tenants, and
 * one user per role.
 */
export async function seedTopology(db: Db): Promise<void> {
  await db.region.createMany({
    data: [
      { id: 'us-east', name: 'US East' },
      { id: 'eu-central', name: 'EU Central' },
    ],
  });

  const cells = [
    ['use1-a', 'us-east'],
    ['use1-b', 'us-east'],
    ['euc1-a', 'eu-central'],
  ] as const;
  for (const [index, [id, regionId]] of cells.entries()) {
    await db.cell.create({
      data: {
        id,
        regionId,
        capacityRps: 10_000,
        instances: {
          create: [1, 2].map((n) => ({
            id: `${id}-i${n}`,
            url: `http://127.0.0.1:${59_100 + index * 2 + n}`,
          })),
        },
      },
    });
  }

  await db.tenant.createMany({
    data: Array.from({ length: 30 }, (_, i) => {
      const n = String(i + 1).padStart(5, '0');

      return { id: `t-${n}`, name: `Tenant ${n}`, tier: 'standard' as const };
    }),
  });

  const passwordHash = await hashPassword(TEST_PASSWORD);
  await db.user.createMany({
    data: Object.entries(ROLE_USERS).map(([role, email]) => ({
      id: `u-${role}`,
      email,
      name: role,
      role: role as keyof typeof ROLE_USERS,
      passwordHash,
    })),
  });
}
