import type { ServiceDeps } from '../service-deps';

/** The most recent snapshots, newest first. */
export async function listSnapshots(
  deps: ServiceDeps,
  input: { limit: number },
) {
  const rows = await deps.db.configSnapshot.findMany({
    orderBy: { version: 'desc' },
    take: input.limit,
    select: {
      version: true,
      hash: true,
      keyId: true,
      author: true,
      cause: true,
      createdAt: true,
    },
  });

  return rows.map((row) => ({
    ...row,
    createdAt: row.createdAt.toISOString(),
  }));
}
