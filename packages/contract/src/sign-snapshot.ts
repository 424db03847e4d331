import { createHash, sign } from 'node:crypto';

import { canonicalJson } from './canonical-json';
import type { SigningKey } from './signing-keys';
import type { SnapshotBody, SnapshotEnvelope } from './snapshot-schema';

/** Domain separation: a signature over a snapshot is useless for anything else. */
export const SIGNATURE_CONTEXT = 'cellplane.snapshot.v1:';

export function hashSnapshotBody(body: unknown): string {
  const digest = createHash('sha256').update(canonicalJson(body)).digest('hex');

  return `sha256:${digest}`;
}

export function signedMessage(hash: string): Buffer {
  return Buffer.from(SIGNATURE_CONTEXT + hash, 'utf8');
}

export function signSnapshot(
  body: SnapshotBody,
  key: SigningKey,
): SnapshotEnvelope {
  const hash = hashSnapshotBody(body);
  const signature = sign(null, signedMessage(hash), key.privateKey);

  return {
    hash,
    keyId: key.keyId,
    signature: signature.toString('base64'),
    body,
  };
}
