import { createHash } from 'node:crypto';

import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { BUNDLE_VIEW_SELECT, bundleView, type BundleView } from './bundle-view';
import { inspectBundle } from './inspect-bundle';

export interface StoreBundleInput {
  bytes: Uint8Array;
  /** What the bundle was made from, kept for the console. */
  sources: Record<string, unknown> | null;
  /** The audit action: `policy.build` or `policy.upload`. */
  action: string;
}

export interface StoredBundle {
  bundle: BundleView;
  /** False when a bundle with these exact bytes was stored before. */
  created: boolean;
}

/**
 * Stores a bundle by the SHA-256 of its bytes, after loading it like a
 * gateway would. Storing the same bytes again changes nothing and writes
 * no audit row. A bundle built without a revision is known by the first
 * twelve hex digits of its digest, since the snapshot needs one.
 */
export async function storeBundle(
  deps: ServiceDeps,
  actor: Actor,
  input: StoreBundleInput,
): Promise<StoredBundle> {
  const inspected = await inspectBundle(input.bytes);
  const hex = createHash('sha256').update(input.bytes).digest('hex');
  const digest = `sha256:${hex}`;

  const existing = await findBundle(deps, digest);
  if (existing) return { bundle: existing, created: false };

  const revision = inspected.manifestRevision || hex.slice(0, 12);
  const sources = input.sources ?? { bundle: inspected.sources };

  try {
    const bundle = await commitChange(deps, actor, async (tx) => {
      const row = await tx.policyBundle.create({
        data: {
          digest,
          revision,
          entrypoints: inspected.entrypoints,
          sizeBytes: input.bytes.length,
          bytes: Buffer.from(input.bytes),
          sources: JSON.parse(JSON.stringify(sources)) as object,
          createdBy: actor.email,
        },
        select: BUNDLE_VIEW_SELECT,
      });
      const view = bundleView(row);

      return {
        result: view,
        audit: {
          action: input.action,
          targetType: 'policyBundle',
          targetId: digest,
          after: { ...view, active: undefined },
        },
      };
    });

    return { bundle, created: true };
  } catch (error) {
    // Another caller stored the same bytes between our check and insert.
    if (isUniqueViolation(error)) {
      const raced = await findBundle(deps, digest);
      if (raced) return { bundle: raced, created: false };
    }
    throw error;
  }
}

async function findBundle(
  deps: ServiceDeps,
  digest: string,
): Promise<BundleView | null> {
  const row = await deps.db.policyBundle.findUnique({
    where: { digest },
    select: BUNDLE_VIEW_SELECT,
  });

  return row ? bundleView(row) : null;
}
