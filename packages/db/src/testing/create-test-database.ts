import { randomBytes } from 'node:crypto';

import pg from 'pg';

import { createDb, type Db } from '../create-db';
import { withDatabase } from '../database-url';
import { runMigrations } from '../migrate/run-migrations';

export type TestDatabase = {
  /** Connection string of the new database. */
  url: string;
  name: string;
  db: Db;
  /** Disconnects `db` and drops the database, ending other sessions. */
  drop: () => Promise<void>;
};

export type CreateTestDatabaseOptions = {
  /** Goes into the database name so a leftover one can be traced. */
  label?: string;
  /** A database on the server to connect to for CREATE/DROP DATABASE. */
  adminUrl?: string;
};

// Integration tests run against the loopback server with trust auth.
const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Creates a uniquely named database, migrates it with the same runner as
 * `npm run db:migrate`, and returns it with a Prisma client. Test files run
 * in parallel, so each one takes its own and drops it in `afterAll`.
 */
export async function createTestDatabase(
  options: CreateTestDatabaseOptions = {},
): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? DEFAULT_ADMIN_URL;
  const label = (options.label ?? 'test').toLowerCase().replace(/\W/g, '_');
  const name = `cp_test_${label.slice(0, 30)}_${randomBytes(5).toString('hex')}`;
  const url = withDatabase(adminUrl, name);

  await adminQuery(adminUrl, `CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await runMigrations({ databaseUrl: url });

  const db = createDb(url);
  const drop = async () => {
    await db.$disconnect();
    await adminQuery(
      adminUrl,
      `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`,
    );
  };

  return { url, name, db, drop };
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();

  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
