import type { ServiceDeps } from '../service-deps';

/** Revoked token ids, newest first, `limit` at most. */
export async function listRevocations(
  deps: ServiceDeps,
  input: { limit: number },
) {
  const [rows, total] = await Promise.all([
    deps.db.revokedToken.findMany({
      orderBy: [{ createdAt: 'desc' }, { tokenId: 'asc' }],
      take: input.limit,
    }),
    deps.db.revokedToken.count(),
  ]);

  return {
    total,
    items: rows.map((row) => ({
      tokenId: row.tokenId,
      reason: row.reason,
      revokedBy: row.revokedBy,
      revokedAt: row.createdAt.toISOString(),
    })),
  };
}
