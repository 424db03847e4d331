import type pg from 'pg';

/**
 * Runs `work` inside BEGIN/COMMIT on one pooled connection, rolling back on
 * any error. The error of `work` is what the caller sees; a ROLLBACK that
 * fails too means the connection is unusable, so it is destroyed instead of
 * going back to the pool.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;

  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');

    return result;
  } catch (error) {
    broken = await client.query('ROLLBACK').then(
      () => false,
      () => true,
    );
    throw error;
  } finally {
    client.release(broken);
  }
}
