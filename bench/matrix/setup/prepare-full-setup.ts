import { join } from 'node:path';

import type { FullSetup } from '../configurations/bench-configuration';
import { BenchIssuer } from '../tokens/bench-issuer';
import { mintTokenFiles } from '../tokens/token-supply';
import { writeFullSnapshot } from './full-snapshot';
import { buildPolicyBundle } from './policy-bundle';
import type { BenchUpstream } from './start-upstream';

/**
 * What the token configurations share, made before anything is measured:
 * the bench's issuer, every token of the run, the default policy's bundle
 * and the two re-signed snapshots (edge sections with and without policy).
 */
export function prepareFullSetup(options: {
  readonly upstream: BenchUpstream;
  readonly workDir: string;
  readonly poolTokens: number;
  readonly freshTokens: number;
}): FullSetup {
  const { upstream, workDir } = options;
  const issuer = new BenchIssuer();
  const tokens = mintTokenFiles({
    issuer,
    tenantIds: upstream.tenantIds,
    dir: workDir,
    poolSize: options.poolTokens,
    freshCount: options.freshTokens,
  });
  const bundle = buildPolicyBundle();

  const snapshotWithPolicy = join(workDir, 'snapshot-full.json');
  const snapshotWithoutPolicy = join(workDir, 'snapshot-full-no-policy.json');
  for (const [file, policy] of [
    [snapshotWithPolicy, bundle.section],
    [snapshotWithoutPolicy, null],
  ] as const) {
    writeFullSnapshot({
      body: upstream.snapshotBody,
      signingKeyFile: upstream.signingKeyFile,
      identity: issuer.identity(),
      policy,
      file,
    });
  }

  return {
    issuer,
    tokens,
    bundle,
    snapshotWithPolicy,
    snapshotWithoutPolicy,
  };
}
