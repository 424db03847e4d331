import { readdir, readFile } from 'node:fs/promises';

import type pg from 'pg';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Any constant works; it only has to be the same for every instance. */
const MIGRATION_LOCK_KEY = 0x63656c6c;

export interface MigrateResult {
  readonly applied: readonly string[];
}

/**
 * Applies the cell-app's own SQL migrations, each once, each in its own
 * transaction. Both instances of a cell start at the same time and migrate
 * the same database, so the whole run holds an advisory lock.
 */
export async function migrateCellDatabase(
  pool: pg.Pool,
): Promise<MigrateResult> {
  const files = (await readdir(MIGRATIONS_DIR))
    .filter((name) => name.endsWith('.sql'))
    .sort();

  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(
      `CREATE TABLE IF NOT EXISTS cell_app_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );

    const { rows } = await client.query<{ name: string }>(
      'SELECT name FROM cell_app_migrations',
    );
    const done = new Set(rows.map((row) => row.name));
    const applied: string[] = [];

    for (const name of files) {
      if (done.has(name)) continue;

      const sql = await readFile(new URL(name, MIGRATIONS_DIR), 'utf8');
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          'INSERT INTO cell_app_migrations (name) VALUES ($1)',
          [name],
        );
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new CellMigrationError(name, error);
      }
      applied.push(name);
    }

    return { applied };
  } finally {
    // A connection that cannot unlock is broken: destroying it ends the
    // session, and with it the advisory lock.
    const unlocked = await client
      .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY])
      .then(() => true)
      .catch(() => false);
    client.release(!unlocked);
  }
}

export class CellMigrationError extends Error {
  readonly code = 'CELL_MIGRATION_FAILED';

  constructor(
    readonly migration: string,
    cause: unknown,
  ) {
    super(`cell migration ${migration} failed`, { cause });
    this.name = 'CellMigrationError';
  }
}
