import type { ServiceDeps } from '../service-deps';

/** Audit rows newest first; the cursor is the last id seen, as a string. */
export async function listAudit(
  deps: ServiceDeps,
  input: { cursor?: string; limit: number },
) {
  const rows = await deps.db.auditLog.findMany({
    where: input.cursor ? { id: { lt: BigInt(input.cursor) } } : undefined,
    orderBy: { id: 'desc' },
    take: input.limit + 1,
  });

  const page = rows.slice(0, input.limit);

  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      at: row.at.toISOString(),
      actorId: row.actorId,
      actorEmail: row.actorEmail,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      before: row.before,
      after: row.after,
      requestId: row.requestId,
    })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.id.toString() : null,
  };
}
