import type { SnapshotEnvelope } from './snapshot-schema';

/**
 * The strong ETag of a snapshot for conditional GETs: version and hash, so a
 * consumer holding either the same version or the same bytes gets a 304.
 */
export function snapshotEtag(envelope: SnapshotEnvelope): string {
  return `"v${envelope.body.version}-${envelope.hash.slice(7, 23)}"`;
}
