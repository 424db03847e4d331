import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { DbError } from '../db-error';

export type Migration = {
  /** Folder name, `<UTC timestamp>_<words>`; sorts in apply order. */
  name: string;
  sql: string;
  /** sha256 of the file, so an edit after it was applied is caught. */
  checksum: string;
};

const FOLDER = /^\d{14}_[a-z0-9_]+$/;

// The runner wraps each file in its own transaction; a file that commits
// on its own would leave a half-applied migration behind on failure. (A
// PL/pgSQL block's `BEGIN` takes no ';' and its `END;` is not matched.)
const TRANSACTION_CONTROL =
  /^\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION)\s*;/im;

/**
 * Reads and checks every migration before any is applied: a folder without
 * SQL (e.g. a failed `migrate diff` that left only a header) is refused
 * instead of being recorded as applied.
 */
export async function readMigrations(dir: string): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(
    (cause: unknown) => {
      throw new DbError('MIGRATIONS_MISSING', `cannot read ${dir}`, { cause });
    },
  );
  const names = entries
    .filter((entry) => entry.isDirectory() && FOLDER.test(entry.name))
    .map((entry) => entry.name)
    .sort();

  if (names.length === 0) {
    throw new DbError('MIGRATIONS_MISSING', `no migration folder in ${dir}`);
  }

  return Promise.all(names.map((name) => readMigration(dir, name)));
}

async function readMigration(dir: string, name: string): Promise<Migration> {
  const sql = await readFile(join(dir, name, 'migration.sql'), 'utf8');

  if (!hasStatement(sql)) {
    throw new DbError('MIGRATION_EMPTY', `${name}/migration.sql holds no SQL`);
  }

  if (TRANSACTION_CONTROL.test(sql)) {
    throw new DbError(
      'MIGRATION_TRANSACTION_CONTROL',
      `${name}/migration.sql begins or ends a transaction; the runner does`,
    );
  }

  const checksum = createHash('sha256').update(sql).digest('hex');

  return { name, sql, checksum };
}

function hasStatement(sql: string): boolean {
  return sql
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .split('\n')
    .some((line) => !/^\s*(--.*)?$/.test(line));
}
