/**
 * Why a snapshot's policy bundle cannot be put in service. The intake
 * refuses the whole snapshot with one of these codes in its NACK and keeps
 * the snapshot and evaluator it has (interfaces.md, "Gateway bundle cache").
 */
export const POLICY_LOAD_CODES = {
  /** Not in the cache and not fetched (no control plane, 404, timeout...). */
  POLICY_BUNDLE_UNAVAILABLE: 'the policy bundle could not be obtained',
  /** The bytes do not hash to the snapshot's digest (or exceed its size). */
  POLICY_BUNDLE_DIGEST_MISMATCH:
    'the policy bundle does not match the snapshot digest',
  /** Not a bundle, or its policy.wasm does not load. */
  POLICY_BUNDLE_INVALID: 'the policy bundle cannot be loaded',
  /** The bundle's module has no entrypoint of the snapshot's name. */
  POLICY_ENTRYPOINT_MISSING: 'the policy bundle lacks the entrypoint',
} as const;

export type PolicyLoadCode = keyof typeof POLICY_LOAD_CODES;

export class PolicyLoadError extends Error {
  readonly code: PolicyLoadCode;

  constructor(code: PolicyLoadCode, message: string, options?: ErrorOptions) {
    super(`${POLICY_LOAD_CODES[code]}: ${message}`, options);
    this.name = 'PolicyLoadError';
    this.code = code;
  }
}
