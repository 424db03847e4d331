import pg from 'pg';

import { databaseName, withDatabase } from '../database-url';

/**
 * Creates the database named in `databaseUrl` when it does not exist yet,
 * connecting to the server's `postgres` database to do so. Returns whether
 * it created one.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseName(databaseUrl);
  const admin = new pg.Client({
    connectionString: withDatabase(databaseUrl, 'postgres'),
  });
  await admin.connect();

  try {
    const { rowCount } = await admin.query(
      'SELECT 1 FROM pg_database WHERE datname = $1',
      [name],
    );
    if (rowCount) return false;

    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);

    return true;
  } catch (cause) {
    // Another runner created it between the check and the CREATE.
    if ((cause as { code?: unknown }).code === '42P04') return false;
    throw cause;
  } finally {
    await admin.end();
  }
}
