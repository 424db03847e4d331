import { pathToFileURL } from 'node:url';

import { idSchema } from '@cellplane/contract';
import pg from 'pg';

import { migrateCellDatabase } from '../db/migrate-cell-database';

/** The one database of a cell: `cellplane_cell_<id, - and . as _>`. */
export function cellDatabaseName(cellId: string): string {
  return `cellplane_cell_${idSchema.parse(cellId).replace(/[-.]/g, '_')}`;
}

/** `adminUrl` with its database swapped for the cell's. */
export function cellDatabaseUrl(adminUrl: string, cellId: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${cellDatabaseName(cellId)}`;

  return url.toString();
}

export interface CreatedCellDatabase {
  readonly cellId: string;
  readonly database: string;
  readonly url: string;
  readonly created: boolean;
  readonly migrations: readonly string[];
}

/**
 * Creates (if missing) and migrates one PostgreSQL database per cell, so
 * cells share nothing. Idempotent: run it again and it only migrates.
 * `adminUrl` names any database on the server, used to CREATE DATABASE.
 */
export async function createCellDatabases(
  adminUrl: string,
  cellIds: readonly string[],
): Promise<CreatedCellDatabase[]> {
  const results: CreatedCellDatabase[] = [];
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();

  try {
    for (const cellId of cellIds) {
      const database = cellDatabaseName(cellId);
      const created = await createDatabase(admin, database);
      const url = cellDatabaseUrl(adminUrl, cellId);

      const pool = new pg.Pool({ connectionString: url, max: 1 });
      try {
        const { applied } = await migrateCellDatabase(pool);
        results.push({ cellId, database, url, created, migrations: applied });
      } finally {
        await pool.end();
      }
    }
  } finally {
    await admin.end();
  }

  return results;
}

async function createDatabase(admin: pg.Client, name: string) {
  const exists = await admin.query(
    'SELECT 1 FROM pg_database WHERE datname = $1',
    [name],
  );
  if (exists.rowCount === 1) return false;

  try {
    // The name is built from a validated id, so quoting it is enough.
    await admin.query(`CREATE DATABASE "${name}"`);

    return true;
  } catch (error) {
    // Another setup run created it between our check and our CREATE.
    if ((error as { code?: string }).code === '42P04') return false;
    throw error;
  }
}

const USAGE = `usage: tsx apps/cell-app/src/setup/create-cell-databases.ts [--admin-url <postgres url>] <cell id>...
  --admin-url  any database on the server (default: $CELL_ADMIN_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)`;

async function runCli(argv: readonly string[]): Promise<number> {
  let adminUrl =
    process.env.CELL_ADMIN_DATABASE_URL ??
    'postgres://postgres@127.0.0.1:5432/postgres';
  const cellIds: string[] = [];

  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--admin-url') {
      adminUrl = argv[index + 1] ?? '';
      index += 1;
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else {
      cellIds.push(arg);
    }
  }

  const invalid = cellIds.filter((id) => !idSchema.safeParse(id).success);
  if (cellIds.length === 0 || invalid.length > 0 || adminUrl === '') {
    const problem =
      invalid.length > 0 ? `invalid cell ids: ${invalid.join(', ')}\n` : '';
    process.stderr.write(`${problem}${USAGE}\n`);
    return 2;
  }

  for (const result of await createCellDatabases(adminUrl, cellIds)) {
    process.stdout.write(
      `${result.cellId}\t${result.database}\t${result.created ? 'created' : 'exists'}\t` +
        `migrations applied: ${result.migrations.length}\n`,
    );
  }

  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runCli(process.argv.slice(2));
}
