import {
  snapshotBodySchema,
  snapshotEtag,
  type SnapshotEnvelope,
} from '@cellplane/contract';

import type { Db } from '../db/db-types';

/** A stored snapshot as served: the envelope, its wire text and ETag. */
export interface ServedSnapshot {
  readonly version: number;
  readonly envelope: SnapshotEnvelope;
  readonly text: string;
  readonly etag: string;
}

interface StoredRow {
  hash: string;
  keyId: string;
  signature: string;
  body: string;
}

/** The stored snapshot with the highest version, or null when none. */
export async function loadLatestVersion(db: Db): Promise<number | null> {
  const latest = await db.configSnapshot.findFirst({
    orderBy: { version: 'desc' },
    select: { version: true },
  });

  return latest?.version ?? null;
}

/** One stored snapshot ready to serve, or null when it does not exist. */
export async function loadSnapshot(
  db: Db,
  version: number,
): Promise<ServedSnapshot | null> {
  // The body as text, parsed here: Prisma's own JSON decoding of a
  // 10,000-tenant body is several times slower.
  const rows = await db.$queryRaw<StoredRow[]>`
    SELECT hash, "keyId", signature, body::text AS body
    FROM "ConfigSnapshot" WHERE version = ${version}`;
  const row = rows[0];
  if (!row) return null;

  const envelope: SnapshotEnvelope = {
    hash: row.hash,
    keyId: row.keyId,
    signature: row.signature,
    body: snapshotBodySchema.parse(JSON.parse(row.body)),
  };

  return servedSnapshot(envelope);
}

/** A snapshot ready to serve from its envelope. */
export function servedSnapshot(envelope: SnapshotEnvelope): ServedSnapshot {
  return {
    version: envelope.body.version,
    envelope,
    text: JSON.stringify(envelope),
    etag: snapshotEtag(envelope),
  };
}
