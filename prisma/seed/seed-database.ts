import { hashPassword, verifyPassword, type Db } from '@cellplane/db';

import {
  SEED_CELLS,
  SEED_INSTANCES,
  SEED_REGIONS,
  SEED_USERS,
  seedTenants,
} from './seed-data';
import { seedPolicy } from './seed-policy';

export type SeedOptions = {
  /** Password of every seeded user; never logged. */
  password: string;
  tenantCount?: number;
  /**
   * Compile `policies/default` and make it the active policy when none is
   * (default true, what the demo needs). Pass false for a fleet whose
   * clients write without tokens: that policy denies such writes.
   */
  policy?: boolean;
};

/** Rows inserted by this run, by table; zero everywhere on a re-run. */
export type SeedResult = {
  regions: number;
  cells: number;
  instances: number;
  tenants: number;
  users: number;
  passwordsReset: number;
  policyBundles: number;
  policyActivations: number;
};

// Rows per INSERT: well under PostgreSQL's 65,535 bind parameters.
const BATCH = 2_000;

/**
 * Inserts the case-study topology, tenants and users that are missing and
 * leaves existing rows alone, so a re-run changes nothing and a cell
 * drained through the console stays drained. The one exception: a seeded
 * user whose password no longer matches `password` gets it reset, so the
 * demo's printed credentials always sign in.
 */
export async function seedDatabase(
  db: Db,
  options: SeedOptions,
): Promise<SeedResult> {
  const regions = await db.region.createMany({
    data: [...SEED_REGIONS],
    skipDuplicates: true,
  });
  const cells = await db.cell.createMany({
    data: SEED_CELLS,
    skipDuplicates: true,
  });
  const instances = await db.instance.createMany({
    data: SEED_INSTANCES,
    skipDuplicates: true,
  });

  let tenants = 0;
  const allTenants = seedTenants(options.tenantCount);
  for (let start = 0; start < allTenants.length; start += BATCH) {
    const batch = allTenants.slice(start, start + BATCH);
    const result = await db.tenant.createMany({
      data: batch,
      skipDuplicates: true,
    });
    tenants += result.count;
  }

  const users = await seedUsers(db, options.password);
  const policy =
    options.policy === false
      ? { policyBundles: 0, policyActivations: 0 }
      : await seedPolicy(db);

  return {
    regions: regions.count,
    cells: cells.count,
    instances: instances.count,
    tenants,
    ...users,
    ...policy,
  };
}

async function seedUsers(db: Db, password: string) {
  let users = 0;
  let passwordsReset = 0;

  for (const user of SEED_USERS) {
    const existing = await db.user.findUnique({ where: { email: user.email } });

    if (!existing) {
      const passwordHash = await hashPassword(password);
      await db.user.create({ data: { ...user, passwordHash } });
      users += 1;
    } else if (!(await verifyPassword(password, existing.passwordHash))) {
      const passwordHash = await hashPassword(password);
      await db.user.update({
        where: { id: existing.id },
        data: { passwordHash },
      });
      passwordsReset += 1;
    }
  }

  return { users, passwordsReset };
}
