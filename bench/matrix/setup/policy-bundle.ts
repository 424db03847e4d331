import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  DEFAULT_POLICY_ENTRYPOINT,
  type PolicySection,
} from '@cellplane/contract';
import { buildBundle, writeBundle } from '@cellplane/policy';

/** The demo's default policy, which gateway_full evaluates. */
export const DEFAULT_POLICY_DIR = 'policies/default';

export interface BuiltBundle {
  readonly bytes: Uint8Array;
  readonly section: PolicySection;
}

/**
 * Builds `dir` into an OPA bundle with `@cellplane/policy` (what `npx
 * cellplane policy build` does) and returns its bytes and the snapshot's
 * `policy` section naming it by digest.
 */
export function buildPolicyBundle(dir = DEFAULT_POLICY_DIR): BuiltBundle {
  const revision = 'bench-default';
  const bytes = writeBundle(
    buildBundle(dir, { entrypoints: [DEFAULT_POLICY_ENTRYPOINT], revision }),
  );
  const hex = createHash('sha256').update(bytes).digest('hex');

  return {
    bytes,
    section: {
      bundle: { digest: `sha256:${hex}`, revision, sizeBytes: bytes.length },
      entrypoint: DEFAULT_POLICY_ENTRYPOINT,
    },
  };
}

/**
 * Puts the bundle where a gateway booted with `--snapshot` reads it: its
 * state directory's cache, `<stateDir>/bundles/<hex>.tar.gz`.
 */
export function placeBundle(stateDir: string, bundle: BuiltBundle): void {
  const dir = join(stateDir, 'bundles');
  mkdirSync(dir, { recursive: true });
  const hex = bundle.section.bundle.digest.slice('sha256:'.length);
  writeFileSync(join(dir, `${hex}.tar.gz`), bundle.bytes);
}
