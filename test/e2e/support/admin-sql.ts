import pg from 'pg';

/** The local server's maintenance database, for CREATE/DROP DATABASE. */
export const ADMIN_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Runs one statement on the maintenance database. */
export async function adminSql(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
