import { EDGE_REFUSAL_CODES } from '../hygiene/edge-refusal';
import { EDGE_CONFIG_CODES } from '../hygiene/edge-config-error';
import { POLICY_LOAD_CODES } from '../policy/policy-load-error';

/**
 * Every error the gateway answers with, in one registry: a stable code, its
 * HTTP status and what it means. Codes are part of the public contract
 * (interfaces.md): never rename or reuse one.
 */
export const GATEWAY_ERROR_CODES = {
  /**
   * Request hygiene and identity (hygiene/edge-refusal.ts): framing, path,
   * host, method, route, token and tenant-mismatch refusals.
   */
  ...EDGE_REFUSAL_CODES,
  /** The request names no tenant: `x-tenant-id` is absent or empty. */
  GW_TENANT_MISSING: { status: 400, message: 'x-tenant-id is required' },
  /**
   * The tenant is not in the applied snapshot. Never routed to a default
   * cell: an unknown tenant must not land on someone else's data.
   */
  GW_TENANT_UNKNOWN: { status: 404, message: 'unknown tenant' },
  /** No snapshot has been accepted yet, so nothing can be routed. */
  GW_NO_SNAPSHOT: { status: 503, message: 'no configuration yet' },
  /**
   * The tenant's cell has no instance that can take the request, or no cell
   * can take the tenant at all. Sent with `retry-after`.
   */
  GW_CELL_UNAVAILABLE: { status: 503, message: 'cell unavailable' },
  /** The instance did not connect or answer within the time limit. */
  GW_UPSTREAM_TIMEOUT: { status: 504, message: 'upstream timed out' },
  /** The instance refused the connection or broke it before answering. */
  GW_UPSTREAM_ERROR: { status: 502, message: 'upstream failed' },
  /** The request is malformed in a way the gateway will not forward. */
  GW_BAD_REQUEST: { status: 400, message: 'bad request' },
  /** A fault in the gateway itself; logged with its cause. */
  GW_INTERNAL: { status: 500, message: 'internal error' },
  /** A rate limit (per client address or per tenant) is exhausted. */
  GW_RATE_LIMITED: { status: 429, message: 'too many requests' },
  /**
   * Policy did not allow the request: the entrypoint was false, undefined
   * or not a boolean, or the evaluation failed (fail closed, K20). The
   * answer carries `x-decision-id` and `decisionId` in its body.
   */
  GW_POLICY_DENIED: { status: 403, message: 'forbidden' },
  /**
   * The tenant's cell is degraded to a level that refuses this request
   * (writes while `limited`, everything but static answers in `survival`).
   */
  GW_DEGRADED: { status: 503, message: 'service degraded' },
} as const satisfies Record<string, { status: number; message: string }>;

export type GatewayErrorCode = keyof typeof GATEWAY_ERROR_CODES;

/**
 * Why the gateway refuses a snapshot that passed the contract's checks. Sent
 * as the `code` of a NACK, beside the contract's `SNAPSHOT_*` codes.
 */
export const GATEWAY_SNAPSHOT_CODES = {
  /**
   * The snapshot would replace a table that routes traffic with one that
   * routes none (no tenant, or no cell with an instance). Refused so that a
   * broken publish cannot take every tenant offline (K13: never an empty
   * routing table while a good one is held).
   */
  GW_SNAPSHOT_EMPTY: 'the snapshot holds no tenant or no cell with instances',
  /** Placement could not be built from the snapshot (ring error). */
  GW_SNAPSHOT_PLACEMENT: 'placement cannot be built from the snapshot',
  ...EDGE_CONFIG_CODES,
  /**
   * The policy bundle the snapshot names cannot be put in service
   * (policy/policy-load-error.ts): unavailable, digest mismatch, invalid,
   * entrypoint missing. The previous snapshot and policy stay.
   */
  ...POLICY_LOAD_CODES,
  /** Checking the snapshot failed in an unforeseen way; refused to be safe. */
  GW_SNAPSHOT_UNEXPECTED: 'the snapshot could not be checked',
} as const;

export type GatewaySnapshotCode = keyof typeof GATEWAY_SNAPSHOT_CODES;
