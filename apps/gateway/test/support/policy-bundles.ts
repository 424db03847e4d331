import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { PolicySection } from '@cellplane/contract';
import { buildBundle, writeBundle } from '@cellplane/policy';
import { prepareRuntime } from '@cellplane/rego/test-runtime';

/** A bundle's bytes and the digest a snapshot names it by. */
export interface TestBundle {
  readonly bytes: Uint8Array;
  readonly digest: string;
  readonly revision: string;
}

export const ENTRYPOINT = 'cellplane/authz/allow';

/** A policy that allows `/public/...` and denies everything else. */
export const PUBLIC_ONLY_POLICY = {
  'authz.rego': `package cellplane.authz
import rego.v1
default allow := false
allow if startswith(input.path, "/public/")
`,
};

/** Builds the compiler's runtime once per test file (slow the first time). */
export async function preparePolicyCompiler(): Promise<void> {
  await prepareRuntime();
}

/**
 * Compiles Rego sources (file name to text) and data into an OPA bundle
 * with the project's compiler, as the control-api would.
 */
export async function buildTestBundle(
  files: Record<string, string>,
  options: { revision: string; entrypoints?: string[] },
): Promise<TestBundle> {
  const dir = await mkdtemp(join(tmpdir(), 'cellplane-bundle-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await writeFile(join(dir, name), text);
    }
    const bytes = writeBundle(
      buildBundle(dir, {
        entrypoints: options.entrypoints ?? [ENTRYPOINT],
        revision: options.revision,
      }),
    );

    return { bytes, digest: digestOf(bytes), revision: options.revision };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** The snapshot's `policy` section naming `bundle`. */
export function policySection(
  bundle: { bytes: Uint8Array; digest: string; revision: string },
  entrypoint = ENTRYPOINT,
): PolicySection {
  return {
    bundle: {
      digest: bundle.digest,
      revision: bundle.revision,
      sizeBytes: bundle.bytes.length,
    },
    entrypoint,
  };
}

/** Puts a bundle where a gateway with this state dir looks for it. */
export async function cacheBundle(
  stateDir: string,
  bundle: TestBundle,
): Promise<string> {
  const dir = join(stateDir, 'bundles');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${bundle.digest.slice('sha256:'.length)}.tar.gz`);
  await writeFile(path, bundle.bytes);

  return path;
}
