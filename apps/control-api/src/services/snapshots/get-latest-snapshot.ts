import type { ServiceDeps } from '../service-deps';

/**
 * The latest published snapshot as the console shows it (a summary, not
 * the 10,000-tenant body) with the publisher's queue, so a stuck or failing
 * publish is visible.
 */
export async function getLatestSnapshot(deps: ServiceDeps) {
  const [row, publisher] = await Promise.all([
    deps.db.configSnapshot.findFirst({
      orderBy: { version: 'desc' },
      select: {
        version: true,
        hash: true,
        keyId: true,
        author: true,
        cause: true,
        createdAt: true,
      },
    }),
    // Null when Redis cannot be asked: the snapshot is still worth showing.
    deps.publisher.status().catch((error: unknown) => {
      deps.logger.warn({ err: error }, 'publisher status unavailable');

      return null;
    }),
  ]);

  const served = deps.feed.latest();
  const body = served?.version === row?.version ? served?.envelope.body : null;

  return {
    snapshot: row ? { ...row, createdAt: row.createdAt.toISOString() } : null,
    counts: body
      ? {
          regions: body.regions.length,
          cells: body.cells.length,
          instances: body.cells.reduce((n, c) => n + c.instances.length, 0),
          tenants: body.tenants.length,
          overrides: body.overrides.length,
        }
      : null,
    publisher,
  };
}
