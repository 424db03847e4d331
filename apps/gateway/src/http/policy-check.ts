/**
 * What policy decides on: the normalized method and path and the identity
 * the gateway verified, nothing read from the client's identity headers.
 */
export interface PolicyInput {
  readonly method: string;
  readonly path: string;
  readonly tenantId: string;
  /** The verified token's roles; null without a token. */
  readonly roles: readonly string[] | null;
  readonly routeId: string | null;
}

/**
 * The policy decision for one request: true allows. Pluggable so the
 * policy evaluator (`@cellplane/policy`, bundles from the snapshot) can be
 * wired in; the gateway's default allows what routes and identity let
 * through.
 */
export type PolicyCheck = (input: PolicyInput) => boolean;

export const ALLOW_ALL: PolicyCheck = () => true;
