import pg from 'pg';

import { DbError } from '../db-error';
import { MIGRATIONS_DIR } from './migrations-dir';
import { readMigrations, type Migration } from './read-migrations';

export type RunMigrationsOptions = {
  databaseUrl: string;
  /** Defaults to the repository's prisma/migrations. */
  migrationsDir?: string;
};

export type RunMigrationsResult = {
  /** Names applied by this run, in order; empty when already up to date. */
  applied: string[];
  alreadyApplied: number;
};

// Any fixed key: runners on the same database queue behind each other.
const LOCK_KEY = 7_412_019;

// Kept outside "public" so Prisma's view of the schema stays exactly the
// datamodel (a drift check compares the two).
const SETUP = `
  CREATE SCHEMA IF NOT EXISTS cellplane_meta;
  CREATE TABLE IF NOT EXISTS cellplane_meta.migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  );
`;

/**
 * Applies the committed migrations that the database has not seen, each
 * file in its own transaction together with its record in
 * `cellplane_meta.migrations`: a failing file leaves nothing behind, and a
 * re-run is a no-op.
 */
export async function runMigrations(
  options: RunMigrationsOptions,
): Promise<RunMigrationsResult> {
  const migrations = await readMigrations(
    options.migrationsDir ?? MIGRATIONS_DIR,
  );
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();

  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(SETUP);

    const pending = await pendingMigrations(client, migrations);
    for (const migration of pending) {
      await applyMigration(client, migration);
    }

    return {
      applied: pending.map((migration) => migration.name),
      alreadyApplied: migrations.length - pending.length,
    };
  } finally {
    await client.end();
  }
}

async function pendingMigrations(client: pg.Client, migrations: Migration[]) {
  const { rows } = await client.query<{ name: string; checksum: string }>(
    'SELECT name, checksum FROM cellplane_meta.migrations ORDER BY name',
  );
  const byName = new Map(migrations.map((m) => [m.name, m]));

  for (const row of rows) {
    const migration = byName.get(row.name);
    if (!migration) {
      throw new DbError(
        'MIGRATION_UNKNOWN',
        `the database has ${row.name} applied, which is not in this checkout`,
      );
    }
    if (migration.checksum !== row.checksum) {
      throw new DbError(
        'MIGRATION_CHANGED',
        `${row.name} was edited after it was applied; add a new migration`,
      );
    }
  }

  const applied = new Set(rows.map((row) => row.name));

  return migrations.filter((migration) => !applied.has(migration.name));
}

async function applyMigration(client: pg.Client, migration: Migration) {
  // One simple-protocol query per file: PostgreSQL parses it whole, so
  // dollar-quoted function bodies survive and nothing is split on ';'.
  try {
    await client.query('BEGIN');
    await client.query(migration.sql);
    await client.query(
      'INSERT INTO cellplane_meta.migrations (name, checksum) VALUES ($1, $2)',
      [migration.name, migration.checksum],
    );
    await client.query('COMMIT');
  } catch (cause) {
    await client.query('ROLLBACK');

    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new DbError(
      'MIGRATION_FAILED',
      `${migration.name} failed and was rolled back: ${reason}`,
      { cause },
    );
  }
}
