import pg from 'pg';

/** Drops a database this bench created, ending its open sessions. */
export async function dropDatabase(
  adminUrl: string,
  name: string,
): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(
      `DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`,
    );
  } finally {
    await client.end();
  }
}
