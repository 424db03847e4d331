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
  readonly createdAt: Date;
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
  const row = await db.configSnapshot.findUnique({ where: { version } });
  if (!row) return null;

  const envelope: SnapshotEnvelope = {
    hash: row.hash,
    keyId: row.keyId,
    signature: row.signature,
    body: snapshotBodySchema.parse(row.body),
  };

  return {
    version: row.version,
    envelope,
    text: JSON.stringify(envelope),
    etag: snapshotEtag(envelope),
    createdAt: row.createdAt,
  };
}
