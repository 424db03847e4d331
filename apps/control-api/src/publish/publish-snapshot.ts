import {
  canonicalJson,
  signSnapshot,
  parseSnapshotBody,
  type Limits,
  type RingSettings,
  type SigningKey,
  type SnapshotEnvelope,
} from '@cellplane/contract';

import type { Db, Tx } from '../db/db-types';
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
  /** The new snapshot, when one was created. */
  readonly envelope?: SnapshotEnvelope;
}

/**
 * What this process last published or confirmed: the version and the
 * fingerprint of the state it holds. Only a hint: it is trusted only while
 * its version is still the latest.
 */
export interface PublishMemo {
  version: number;
  fingerprint: string;
}

export interface PublishSnapshotDeps {
  readonly db: Db;
  readonly key: SigningKey;
  readonly ring: RingSettings;
  /** Edge rate limits every gateway applies; absent, gateways use defaults. */
  readonly limits?: Limits;
  /** Kept across calls by the publisher; absent, every call compares bodies. */
  readonly memo?: { current: PublishMemo | null };
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
  const outcome = await deps.db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${PUBLISH_LOCK_KEY})::text`;

      const latest = await tx.configSnapshot.findFirst({
        orderBy: { version: 'desc' },
        select: { version: true },
      });
      const { state, fingerprint } = await readDesiredState(tx);
      const latestVersion = latest?.version ?? null;

      if (
        latestVersion !== null &&
        (await holdsState(tx, deps, latestVersion, state, fingerprint))
      ) {
        return { version: latestVersion, created: false, fingerprint };
      }

      const version = (latestVersion ?? 0) + 1;
      const envelope = buildEnvelope(deps, version, state);

      // Raw SQL with the body as one text parameter: Prisma's own
      // serialization of a 10,000-tenant JSON value took 300-450 ms here.
      await tx.$executeRaw`
        INSERT INTO "ConfigSnapshot"
          (version, hash, "keyId", signature, body, author, cause)
        VALUES (${version}, ${envelope.hash}, ${envelope.keyId},
          ${envelope.signature}, ${JSON.stringify(envelope.body)}::jsonb,
          ${trigger.author}, ${trigger.cause})`;

      return { version, created: true, envelope, fingerprint };
    },
    // Waiting for the lock counts against the transaction's time.
    { maxWait: 10_000, timeout: 60_000 },
  );

  // Remembered only once committed: a rolled-back version never existed.
  if (deps.memo) {
    deps.memo.current = {
      version: outcome.version,
      fingerprint: outcome.fingerprint,
    };
  }

  return {
    version: outcome.version,
    created: outcome.created,
    envelope: outcome.envelope,
  };
}

/**
 * Whether snapshot `version` already holds `state`: by fingerprint when
 * this process knows that version's, else by comparing the stored body
 * (after a restart, or when another process published it).
 */
async function holdsState(
  tx: Tx,
  deps: PublishSnapshotDeps,
  version: number,
  state: DesiredState,
  fingerprint: string,
): Promise<boolean> {
  const known = deps.memo?.current;
  if (known?.version === version) return known.fingerprint === fingerprint;

  const stored = await tx.configSnapshot.findUnique({
    where: { version },
    select: { body: true },
  });
  const {
    version: _v,
    builtAt: _b,
    ...content
  } = (stored?.body ?? {}) as Record<string, unknown>;

  return (
    canonicalJson(content) ===
    canonicalJson({
      schemaVersion: 1,
      ...state,
      ring: deps.ring,
      limits: deps.limits,
    })
  );
}

function buildEnvelope(
  deps: PublishSnapshotDeps,
  version: number,
  state: DesiredState,
): SnapshotEnvelope {
  // Every check a gateway runs on a body runs here before signing: a row
  // written around the API (an id or URL the schema refuses) fails the job
  // visibly instead of producing a snapshot the whole fleet would NACK.
  const body = parseSnapshotBody({
    schemaVersion: 1,
    version,
    builtAt: new Date().toISOString(),
    ...state,
    ring: deps.ring,
    limits: deps.limits,
  });

  return signSnapshot(body, deps.key);
}
