import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { DEFAULT_POLICY_ENTRYPOINT } from '@cellplane/contract';
import type { Db } from '@cellplane/db';
import { buildBundle, listFiles, writeBundle } from '@cellplane/policy';

/** The demo policy (docs/POLICY.md), compiled by the seed. */
export const DEFAULT_POLICY_DIR = join(
  import.meta.dirname,
  '../../policies/default',
);

/** Rows the policy seed wrote: 0 or 1 each. */
export type SeedPolicyResult = {
  policyBundles: number;
  policyActivations: number;
};

/**
 * Compiles `policies/default` with the project's compiler, stores the
 * bundle by digest when it is new, and makes it the active policy when
 * none is active, so a re-run, or a policy activated in the console since,
 * is left alone. The control-api publishes it with its next snapshot.
 */
export async function seedPolicy(
  db: Db,
  dir = DEFAULT_POLICY_DIR,
): Promise<SeedPolicyResult> {
  const bytes = writeBundle(
    buildBundle(dir, { entrypoints: [DEFAULT_POLICY_ENTRYPOINT] }),
  );
  const hex = createHash('sha256').update(bytes).digest('hex');
  const digest = `sha256:${hex}`;

  const bundles = await db.policyBundle.createMany({
    data: [
      {
        digest,
        // Like bundles uploaded without one: known by their digest.
        revision: hex.slice(0, 12),
        entrypoints: [DEFAULT_POLICY_ENTRYPOINT],
        sizeBytes: bytes.length,
        bytes: Buffer.from(bytes),
        sources: sourcesOf(dir),
        createdBy: 'seed',
      },
    ],
    skipDuplicates: true,
  });
  const activations = await db.activePolicy.createMany({
    data: [
      {
        scope: 'global',
        bundleDigest: digest,
        entrypoint: DEFAULT_POLICY_ENTRYPOINT,
        activatedBy: 'seed',
      },
    ],
    skipDuplicates: true,
  });

  return {
    policyBundles: bundles.count,
    policyActivations: activations.count,
  };
}

// The same shape as a bundle built in the console, for its source view.
function sourcesOf(dir: string) {
  const names = listFiles(dir);
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');

  return {
    files: Object.fromEntries(
      names.filter((n) => n.endsWith('.rego')).map((n) => [n, read(n)]),
    ),
    data: names.includes('data.json') ? read('data.json') : '{}',
    entrypoint: DEFAULT_POLICY_ENTRYPOINT,
  };
}
