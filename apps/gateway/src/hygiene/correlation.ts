import { randomFillSync, randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The ids that tie one request together across systems.
 *
 * ```ts
 * correlationOf(req.headers, peerTrusted)
 *   -> { requestId, traceId, traceparent, tracestate }
 * ```
 *
 * - `x-request-id` is taken from the caller only when the peer is a
 *   trusted proxy and the value is a plain token of at most 128 characters;
 *   otherwise the gateway makes a new one (a client must not choose the id
 *   other systems' logs are joined on).
 * - `traceparent` (W3C Trace Context, level 1): a valid one keeps its
 *   trace id and flags and gets a new parent id for the gateway's hop; a
 *   missing or malformed one (wrong length or hex, version `ff`, an
 *   all-zero trace or parent id) starts a new trace. `tracestate` passes
 *   only with a valid `traceparent` and only while it is at most 512
 *   printable characters; otherwise it is dropped.
 */
export interface Correlation {
  readonly requestId: string;
  readonly traceId: string;
  /** The value to send upstream: this hop as the parent. */
  readonly traceparent: string;
  readonly tracestate: string | null;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TRACEPARENT =
  /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_PARENT = '0'.repeat(16);
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

export function correlationOf(
  headers: IncomingHttpHeaders,
  peerTrusted: boolean,
): Correlation {
  const given = headers['x-request-id'];
  const requestId =
    peerTrusted && typeof given === 'string' && REQUEST_ID.test(given)
      ? given
      : randomUUID();

  const parent = parseTraceparent(headers.traceparent);
  const spanId = randomHex(8);
  if (parent === null) {
    const traceId = randomHex(16);

    return {
      requestId,
      traceId,
      traceparent: `00-${traceId}-${spanId}-00`,
      tracestate: null,
    };
  }

  const state = headers.tracestate;

  return {
    requestId,
    traceId: parent.traceId,
    traceparent: `00-${parent.traceId}-${spanId}-${parent.flags}`,
    tracestate:
      typeof state === 'string' && TRACESTATE.test(state) ? state : null,
  };
}

function parseTraceparent(
  value: string | string[] | undefined,
): { traceId: string; flags: string } | null {
  if (typeof value !== 'string') return null;

  const match = TRACEPARENT.exec(value);
  if (match === null) return null;
  const [, version, traceId, parentId, flags] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];

  if (version === 'ff') return null;
  // Version 00 has exactly four fields; a later version may add fields
  // after a dash, which a level-1 participant ignores.
  if (
    version === '00'
      ? value.length !== 55
      : value.length > 55 && value[55] !== '-'
  ) {
    return null;
  }
  if (traceId === ZERO_TRACE || parentId === ZERO_PARENT) return null;

  return { traceId, flags };
}

// Random bytes drawn in blocks: one system call per 512 ids, not per id.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;

  return pool.toString('hex', used - bytes, used);
}
