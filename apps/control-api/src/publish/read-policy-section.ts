import { createHash } from 'node:crypto';

import { canonicalJson, type PolicySection } from '@cellplane/contract';

import type { Tx } from '../db/db-types';

/** The scope of the fleet-wide policy the snapshot carries. */
export const GLOBAL_POLICY_SCOPE = 'global';

export interface PolicySectionRead {
  /** Absent when no policy is active: gateways then run none. */
  readonly section?: PolicySection;
  /** SHA-256 of the section's canonical JSON, part of the state's. */
  readonly fingerprint: string;
}

/**
 * Turns the active policy and its bundle into the snapshot's `policy`
 * section: the bundle by digest (the snapshot's signature makes the digest
 * authentic), its revision and size, and the entrypoint to evaluate.
 */
export async function readPolicySection(tx: Tx): Promise<PolicySectionRead> {
  const active = await tx.activePolicy.findUnique({
    where: { scope: GLOBAL_POLICY_SCOPE },
    select: {
      entrypoint: true,
      bundle: { select: { digest: true, revision: true, sizeBytes: true } },
    },
  });
  const section = active
    ? { bundle: active.bundle, entrypoint: active.entrypoint }
    : undefined;

  return {
    section,
    fingerprint: createHash('sha256')
      .update(canonicalJson(section ?? null))
      .digest('hex'),
  };
}
