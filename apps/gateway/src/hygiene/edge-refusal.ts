/**
 * What the request-hygiene and identity modules answer when they refuse a
 * request. They return a refusal instead of throwing, because refusals are
 * routine on the hot path (scanners, expired tokens) and a return costs
 * nothing while building an Error captures a stack.
 *
 * The codes below extend the gateway's `GW_*` registry: each has a fixed
 * status and a fixed public message; `reason` is for the log line only and
 * never reaches the client (it would tell an attacker which check failed).
 */
export const EDGE_REFUSAL_CODES = {
  /** The request target is not a path the gateway can normalize safely. */
  GW_BAD_PATH: { status: 400, message: 'bad request path' },
  /** The Host header is missing, repeated or not a host name. */
  GW_BAD_HOST: { status: 400, message: 'bad host' },
  /** The message framing or headers are ambiguous or over the limits. */
  GW_BAD_FRAMING: { status: 400, message: 'bad request framing' },
  /** The request target is longer than the gateway reads. */
  GW_URI_TOO_LONG: { status: 414, message: 'request target too long' },
  /** More headers than the gateway reads. */
  GW_HEADERS_TOO_LARGE: {
    status: 431,
    message: 'request headers too large',
  },
  /** The method is not one the gateway forwards, or not the route's. */
  GW_METHOD_NOT_ALLOWED: { status: 405, message: 'method not allowed' },
  /** No route of the snapshot covers the path: denied by default (K03). */
  GW_ROUTE_UNKNOWN: { status: 404, message: 'not found' },
  /** The route requires a token and none was sent. */
  GW_TOKEN_MISSING: { status: 401, message: 'authentication required' },
  /** The token failed a check (signature, key, issuer, audience...). */
  GW_TOKEN_INVALID: { status: 401, message: 'invalid token' },
  /** The token's `exp` has passed (beyond the issuer's leeway). */
  GW_TOKEN_EXPIRED: { status: 401, message: 'invalid token' },
  /** `x-tenant-id` names another tenant than the verified token (K04). */
  GW_TENANT_MISMATCH: { status: 403, message: 'tenant mismatch' },
  /** No tenant: no token and no `x-tenant-id`. */
  GW_TENANT_MISSING: { status: 400, message: 'x-tenant-id is required' },
  /** `x-tenant-id` is repeated or not a tenant id. */
  GW_BAD_REQUEST: { status: 400, message: 'bad request' },
} as const satisfies Record<string, { status: number; message: string }>;

export type EdgeRefusalCode = keyof typeof EDGE_REFUSAL_CODES;

export interface EdgeRefusal {
  readonly ok: false;
  readonly code: EdgeRefusalCode;
  readonly status: number;
  /** Why, for the log line only. */
  readonly reason: string;
  /** Headers the answer must carry (`www-authenticate` on 401). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Builds a refusal whose status comes from the registry. */
export function refuse(
  code: EdgeRefusalCode,
  reason: string,
  headers?: Readonly<Record<string, string>>,
): EdgeRefusal {
  const status = EDGE_REFUSAL_CODES[code].status;

  return headers === undefined
    ? { ok: false, code, status, reason }
    : { ok: false, code, status, reason, headers };
}
