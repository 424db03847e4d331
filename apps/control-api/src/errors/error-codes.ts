import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';

interface ErrorCodeEntry {
  /** The tRPC code a procedure answers with. */
  readonly trpc: TRPC_ERROR_CODE_KEY;
  /** The HTTP status a `/v1` endpoint answers with. */
  readonly http: number;
  /** What a user may be told; the thrown message is for logs only. */
  readonly userMessage: string;
}

/**
 * Every error the control-api can answer with, by stable string code. Codes
 * are part of the API (the console and the gateways match on them): never
 * rename or reuse one.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: {
    trpc: 'INTERNAL_SERVER_ERROR',
    http: 500,
    userMessage: 'the server is misconfigured',
  },
  INTERNAL: {
    trpc: 'INTERNAL_SERVER_ERROR',
    http: 500,
    userMessage: 'internal error',
  },
  UNAUTHORIZED: {
    trpc: 'UNAUTHORIZED',
    http: 401,
    userMessage: 'a valid bearer token is required',
  },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, userMessage: 'no such route' },
  BODY_TOO_LARGE: {
    trpc: 'PAYLOAD_TOO_LARGE',
    http: 413,
    userMessage: 'the request body is too large',
  },
  AUTH_REQUIRED: {
    trpc: 'UNAUTHORIZED',
    http: 401,
    userMessage: 'sign in first',
  },
  AUTH_FORBIDDEN: {
    trpc: 'FORBIDDEN',
    http: 403,
    userMessage: 'your role does not allow this',
  },
  AUTH_INVALID_CREDENTIALS: {
    trpc: 'UNAUTHORIZED',
    http: 401,
    userMessage: 'wrong email or password',
  },
  AUTH_TOO_MANY_ATTEMPTS: {
    trpc: 'TOO_MANY_REQUESTS',
    http: 429,
    userMessage: 'too many failed sign-ins for this account; try again later',
  },
  VALIDATION_FAILED: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the input is invalid',
  },
  REPORT_INVALID: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the gateway report is invalid',
  },
  REGION_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'a region with this id exists',
  },
  REGION_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no such region',
  },
  CELL_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'a cell with this id exists',
  },
  CELL_NOT_FOUND: { trpc: 'NOT_FOUND', http: 404, userMessage: 'no such cell' },
  CELL_FAILED: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    userMessage: 'the cell is failed and serves no tenant',
  },
  LAST_ACTIVE_CELL: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    userMessage: 'the last active cell cannot leave the ring',
  },
  CELL_HAS_NO_INSTANCES: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    userMessage: 'a cell needs an instance before it can be active',
  },
  LAST_INSTANCE_OF_ACTIVE_CELL: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    userMessage: 'an active cell keeps at least one instance; drain it first',
  },
  INSTANCE_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'an instance with this id or URL exists',
  },
  INSTANCE_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no such instance',
  },
  TENANT_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'a tenant with this id exists',
  },
  TENANT_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no such tenant',
  },
  TENANT_NOT_PUBLISHED: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'the tenant is not in the latest snapshot yet',
  },
  OVERRIDE_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'the tenant is not pinned',
  },
  PLACEMENT_NO_CELL: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    userMessage: 'no cell can take the tenant',
  },
  SNAPSHOT_NONE: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no snapshot has been published yet',
  },
  POLICY_COMPILE_FAILED: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the policy does not compile',
  },
  POLICY_TESTS_FAILED: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the policy tests failed',
  },
  POLICY_DATA_INVALID: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the policy data is not a JSON object',
  },
  POLICY_BUNDLE_INVALID: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the bundle is not a loadable OPA WebAssembly bundle',
  },
  POLICY_BUNDLE_TOO_LARGE: {
    trpc: 'PAYLOAD_TOO_LARGE',
    http: 413,
    userMessage: 'the bundle is larger than gateways accept',
  },
  POLICY_ENTRYPOINT_MISSING: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    userMessage: 'the bundle has no such entrypoint',
  },
  BUNDLE_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no bundle has this digest',
  },
  BUNDLE_BAD_DIGEST: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'a bundle digest is "sha256:" and 64 lowercase hex digits',
  },
  DECISION_BATCH_TOO_LARGE: {
    trpc: 'PAYLOAD_TOO_LARGE',
    http: 413,
    userMessage: 'the decision batch is larger than 2 MiB',
  },
  DECISION_BATCH_SCHEMA: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the decision batch does not match the schema',
  },
  SIGNING_KEY_UNSAFE: {
    trpc: 'INTERNAL_SERVER_ERROR',
    http: 500,
    userMessage: 'the signing key file is unsafe',
  },
  HEALTH_URL_REFUSED: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the instance URL may not be probed',
  },
  ISSUER_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'an issuer with this id or iss exists',
  },
  ISSUER_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no such issuer',
  },
  JWK_INVALID: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage: 'the key is not a public signing JWK',
  },
  JWK_PRIVATE: {
    trpc: 'BAD_REQUEST',
    http: 400,
    userMessage:
      'the key holds private members; give the public JWK only, and treat this private key as exposed',
  },
  ISSUER_KEY_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'the issuer already has a key with this kid',
  },
  ISSUER_KEY_DUPLICATE: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'the issuer already has this key under another kid',
  },
  ISSUER_KEY_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'the issuer has no key with this kid',
  },
  ISSUER_KEYS_FULL: {
    trpc: 'PRECONDITION_FAILED',
    http: 412,
    userMessage: 'an issuer holds at most 32 keys; remove an old one first',
  },
  TOKEN_ALREADY_REVOKED: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'this token id is already revoked',
  },
  REVOCATION_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'this token id is not revoked',
  },
  ROUTE_EXISTS: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'a route with this id exists',
  },
  ROUTE_NOT_FOUND: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no such route',
  },
  ROUTE_OVERLAP: {
    trpc: 'CONFLICT',
    http: 409,
    userMessage: 'another route already covers this path prefix and method',
  },
  DEGRADATION_NOT_FORCED: {
    trpc: 'NOT_FOUND',
    http: 404,
    userMessage: 'no level is forced on this cell',
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type AppErrorCode = keyof typeof ERROR_CODES;
