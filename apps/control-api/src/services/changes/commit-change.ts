import type { Tx } from '../../db/db-types';
import { writeAudit, type AuditEntry } from '../audit/write-audit';
import type { Actor, ServiceDeps } from '../service-deps';

export interface ChangeOutcome<T> {
  readonly result: T;
  readonly audit: AuditEntry;
}

/**
 * Runs one change of desired state and its audit row in a single
 * transaction, so that either both are written or neither is, then asks
 * the publisher for a new snapshot.
 *
 * A failed publish request does not fail the change: it is committed, and
 * the publisher's periodic reconcile will still publish it.
 */
export async function commitChange<T>(
  deps: ServiceDeps,
  actor: Actor,
  change: (tx: Tx) => Promise<ChangeOutcome<T>>,
): Promise<T> {
  const outcome = await deps.db.$transaction(
    async (tx) => {
      const done = await change(tx);
      await writeAudit(tx, actor, done.audit);

      return done;
    },
    // Prisma's defaults (2 s to get a connection, 5 s in all) fail changes
    // on a busy machine; a change is a handful of statements.
    { maxWait: 5_000, timeout: 15_000 },
  );

  const { action, targetId } = outcome.audit;
  await deps.publisher.request({
    author: actor.email,
    cause: `${action} ${targetId}`,
    requestId: actor.requestId,
  });

  return outcome.result;
}
