import { verify } from 'node:crypto';

import { MAX_RING_POINTS, virtualNodesFor } from '@cellplane/ring';
import type { z } from 'zod';

import { ContractError } from './errors';
import { hashSnapshotBody, signedMessage } from './sign-snapshot';
import type { VerifyingKey } from './signing-keys';
import {
  snapshotBodySchema,
  snapshotEnvelopeSchema,
  type SnapshotBody,
  type SnapshotEnvelope,
} from './snapshot-schema';

export interface VerifySnapshotOptions {
  /** Keys the consumer trusts; more than one during a key rotation. */
  readonly keys: readonly VerifyingKey[];
  /** The version the consumer serves now; only a newer one is accepted. */
  readonly appliedVersion?: number | null;
}

/**
 * Checks a snapshot the way every consumer must before applying it, cheapest
 * trustworthy check first: shape of the envelope, trusted key, content hash,
 * signature, body schema, references inside the body, and last the version,
 * which means nothing until the signature has been checked.
 */
export function verifySnapshot(
  input: string | unknown,
  options: VerifySnapshotOptions,
): SnapshotEnvelope {
  const raw = typeof input === 'string' ? parseJson(input) : input;

  const envelope = snapshotEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw schemaError('envelope', envelope.error);
  }

  const { hash, keyId, signature } = envelope.data;
  const key = options.keys.find((candidate) => candidate.keyId === keyId);
  if (!key) {
    throw new ContractError(
      'SNAPSHOT_UNKNOWN_KEY',
      `snapshot signed by key ${keyId}, which is not trusted`,
    );
  }

  if (hashSnapshotBody(envelope.data.body) !== hash) {
    throw new ContractError(
      'SNAPSHOT_HASH_MISMATCH',
      `snapshot body does not hash to ${hash}`,
    );
  }

  const signatureBytes = Buffer.from(signature, 'base64');
  if (!verify(null, signedMessage(hash), key.publicKey, signatureBytes)) {
    throw new ContractError(
      'SNAPSHOT_BAD_SIGNATURE',
      `snapshot signature does not verify with key ${keyId}`,
    );
  }

  const body = parseSnapshotBody(envelope.data.body);

  const applied = options.appliedVersion ?? 0;
  if (body.version <= applied) {
    throw new ContractError(
      'SNAPSHOT_STALE_VERSION',
      `snapshot version ${body.version} is not newer than ${applied}`,
    );
  }

  return { hash, keyId, signature, body };
}

/**
 * The body checks every consumer runs, for a producer to run before it
 * signs: the schema, then the references inside the body. A producer that
 * passes this never publishes a snapshot the fleet would NACK for its body.
 */
export function parseSnapshotBody(input: unknown): SnapshotBody {
  const body = snapshotBodySchema.safeParse(input);
  if (!body.success) {
    throw schemaError('body', body.error);
  }

  checkReferences(body.data);

  return body.data;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ContractError('SNAPSHOT_BAD_JSON', 'snapshot is not JSON', {
      cause: error,
    });
  }
}

function schemaError(part: string, error: z.ZodError): ContractError {
  const details = error.issues
    .slice(0, 20)
    .map((issue) => `${part}.${issue.path.join('.')}: ${issue.message}`);

  return new ContractError(
    'SNAPSHOT_SCHEMA',
    `snapshot ${part} is invalid: ${details[0] ?? 'unknown issue'}`,
    { cause: error, details },
  );
}

/**
 * A snapshot must be whole on its own: a gateway applies it atomically, so a
 * reference to a cell, region or tenant it does not hold would turn into
 * failed requests (field case K12).
 */
function checkReferences(body: SnapshotBody): void {
  const regionIds = uniqueIds('region', body.regions);
  const cellIds = uniqueIds('cell', body.cells);
  const tenantIds = uniqueIds('tenant', body.tenants);
  uniqueIds(
    'instance',
    body.cells.flatMap((cell) => cell.instances),
  );
  uniqueIds(
    'override',
    body.overrides.map((override) => ({ id: override.tenantId })),
  );

  for (const cell of body.cells) {
    if (!regionIds.has(cell.regionId)) {
      throw dangling(`cell ${cell.id} is in unknown region ${cell.regionId}`);
    }
  }

  // Every consumer builds the ring on its event loop: a ring too large to
  // build quickly would stall traffic in every gateway at once.
  const ringPoints = body.cells
    .filter((cell) => cell.state === 'active')
    .reduce((sum, cell) => sum + virtualNodesFor(cell, body.ring), 0);
  if (ringPoints > MAX_RING_POINTS) {
    throw new ContractError(
      'SNAPSHOT_RING_TOO_LARGE',
      `active cells need ${ringPoints} ring points, over ${MAX_RING_POINTS}`,
    );
  }

  for (const override of body.overrides) {
    if (!cellIds.has(override.cellId)) {
      throw dangling(
        `override for tenant ${override.tenantId} points to unknown cell ` +
          override.cellId,
      );
    }

    if (!tenantIds.has(override.tenantId)) {
      throw dangling(`override names unknown tenant ${override.tenantId}`);
    }
  }

  const forced = body.degradation?.forced ?? [];
  uniqueIds(
    'forced degradation of cell',
    forced.map((entry) => ({ id: entry.cellId })),
  );
  for (const entry of forced) {
    if (!cellIds.has(entry.cellId)) {
      throw dangling(`forced degradation names unknown cell ${entry.cellId}`);
    }
  }
}

function uniqueIds(
  kind: string,
  items: readonly { id: string }[],
): Set<string> {
  const seen = new Set<string>();

  for (const { id } of items) {
    if (seen.has(id)) {
      throw new ContractError(
        'SNAPSHOT_DUPLICATE_ID',
        `snapshot holds ${kind} ${id} twice`,
      );
    }
    seen.add(id);
  }

  return seen;
}

function dangling(message: string): ContractError {
  return new ContractError('SNAPSHOT_DANGLING_REFERENCE', message);
}
