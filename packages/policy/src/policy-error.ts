/** Stable codes of the errors of bundles and evaluation. */
export type PolicyErrorCode =
  | 'POLICY_BUNDLE_INVALID'
  | 'POLICY_BUNDLE_READ'
  | 'POLICY_BUNDLE_TOO_LARGE'
  | 'POLICY_LOAD_FAILED'
  | 'POLICY_ENTRYPOINT_UNKNOWN'
  | 'POLICY_ENTRYPOINT_UNDEFINED'
  | 'POLICY_JSON_INVALID'
  | 'POLICY_NO_SOURCES';

export class PolicyError extends Error {
  readonly code: PolicyErrorCode;

  constructor(
    code: PolicyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PolicyError';
    this.code = code;
  }
}
