import type { Tx } from '../../db/db-types';
import type { Actor } from '../service-deps';

export interface AuditEntry {
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Appends one audit row inside the transaction that made the change. */
export async function writeAudit(
  tx: Tx,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await tx.auditLog.create({
    data: {
      actorId: actor.id,
      actorEmail: actor.email,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      before: toJson(entry.before),
      after: toJson(entry.after),
      requestId: actor.requestId,
    },
  });
}

// Dates become ISO strings and undefined fields vanish, as they would on
// the wire; an absent side is stored as SQL NULL.
function toJson(value: unknown) {
  if (value === undefined || value === null) return undefined;

  return JSON.parse(JSON.stringify(value)) as object;
}
