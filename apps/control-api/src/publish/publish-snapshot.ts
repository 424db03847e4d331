import {
  canonicalJson,
  signSnapshot,
  snapshotBodySchema,
  verifySnapshot,
  type RingSettings,
  type SigningKey,
  type SnapshotEnvelope,
} from '@cellplane/contract';

import type { Db } from '../db/db-types';
import type { PublishTrigger } from './publish-requester';
import { readDesiredState, type DesiredState } from './read-desired-state';

/**
 * Key of the Postgres advisory lock that serializes publishes across every
 * control-api process sharing the database ("cpln" in ASCII).
 */
export const PUBLISH_LOCK_KEY = 0x63706c6e;

export interface PublishResult {
  readonly version: number;
  /** False when the latest snapshot already holds this state. */
  readonly created: boolean;
}

export interface PublishSnapshotDeps {
  readonly db: Db;
  readonly key: SigningKey;
  readonly ring: RingSettings;
}

/**
 * Builds, signs and stores the next snapshot. Under the advisory lock the
 * latest version is read, the desired state is read, and the next version
 * is written, so versions are strictly monotonic whatever the number of
 * processes. Publishing is idempotent: when the state equals the latest
 * snapshot's, nothing is written and the latest version is returned (a job
 * run again after a crash does no harm).
 */
export async function publishSnapshot(
  deps: PublishSnapshotDeps,
  trigger: PublishTrigger,
): Promise<PublishResult> {
  return deps.db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})::text`;

      const latest = await tx.configSnapshot.findFirst({
        orderBy: { version: 'desc' },
        select: { version: true, body: true },
      });
      const state = await readDesiredState(tx);

      if (latest && sameContent(latest.body, state, deps.ring)) {
        return { version: latest.version, created: false };
      }

      const version = (latest?.version ?? 0) + 1;
      const envelope = buildEnvelope(deps, version, state);

      await tx.configSnapshot.create({
        data: {
          version,
          hash: envelope.hash,
          keyId: envelope.keyId,
          signature: envelope.signature,
          body: envelope.body,
          author: trigger.author,
          cause: trigger.cause,
        },
      });

      return { version, created: true };
    },
    // Waiting for the lock counts against the transaction's time.
    { maxWait: 10_000, timeout: 60_000 },
  );
}

function buildEnvelope(
  deps: PublishSnapshotDeps,
  version: number,
  state: DesiredState,
): SnapshotEnvelope {
  const body = snapshotBodySchema.parse({
    schemaVersion: 1,
    version,
    builtAt: new Date().toISOString(),
    ...state,
    ring: deps.ring,
  });
  const envelope = signSnapshot(body, deps.key);

  // Refuse to publish what every gateway would NACK (dangling references,
  // duplicate ids): the job fails visibly instead.
  verifySnapshot(envelope, { keys: [deps.key] });

  return envelope;
}

function sameContent(
  stored: unknown,
  state: DesiredState,
  ring: RingSettings,
): boolean {
  const {
    version: _v,
    builtAt: _b,
    ...content
  } = stored as Record<string, unknown>;

  return (
    canonicalJson(content) ===
    canonicalJson({ schemaVersion: 1, ...state, ring })
  );
}
