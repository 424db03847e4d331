import { decisionInputDigest, type DecisionBatch } from '@cellplane/contract';

import type { Db } from '../../db/db-types';

export interface StoredDecisions {
  stored: number;
  /** Decisions whose id was stored before: a batch sent again. */
  duplicates: number;
}

/**
 * Stores a gateway's batch with ONE insert (the batch travels as one JSON
 * parameter), skipping ids already stored, so a batch shipped twice after
 * a lost answer is stored once. The `dropped` count is added to the
 * gateway's DecisionLoss row in the same transaction. A retried batch adds
 * its `dropped` again: loss may be over-reported, never hidden. Each
 * input's digest is computed here (`decisionInputDigest`).
 */
export async function storeDecisions(
  db: Db,
  batch: DecisionBatch,
): Promise<StoredDecisions> {
  const rows = JSON.stringify(
    batch.decisions.map((decision) => ({
      ...decision,
      inputDigest: decisionInputDigest(decision.input),
    })),
  );

  const stored = await db.$transaction(async (tx) => {
    // Timestamps are stored as UTC, as Prisma stores them.
    const inserted = await tx.$executeRaw`
      INSERT INTO "Decision" (id, at, "gatewayId", "requestId", revision,
        entrypoint, result, reason, "inputDigest", input, "durationUs",
        "tenantId", "cellId", method, path, "receivedAt")
      SELECT d.id::uuid, (d.at::timestamptz AT TIME ZONE 'UTC'),
        d."gatewayId", d."requestId", d.revision, d.entrypoint,
        d.result::"DecisionResult", d.reason, d."inputDigest", d.input,
        d."durationUs", d."tenantId", d."cellId", d.method, d.path,
        (now() AT TIME ZONE 'UTC')
      FROM jsonb_to_recordset(${rows}::jsonb) AS d(id text, at text,
        "gatewayId" text, "requestId" text, revision text, entrypoint text,
        result text, reason text, "inputDigest" text, input jsonb,
        "durationUs" double precision, "tenantId" text, "cellId" text,
        method text, path text)
      ON CONFLICT (id) DO NOTHING`;

    if (batch.dropped > 0) {
      await tx.$executeRaw`
        INSERT INTO "DecisionLoss" ("gatewayId", dropped, "updatedAt")
        VALUES (${batch.gatewayId}, ${batch.dropped},
          (now() AT TIME ZONE 'UTC'))
        ON CONFLICT ("gatewayId") DO UPDATE
        SET dropped = "DecisionLoss".dropped + EXCLUDED.dropped,
          "updatedAt" = EXCLUDED."updatedAt"`;
    }

    return inserted;
  });

  return { stored, duplicates: batch.decisions.length - stored };
}
