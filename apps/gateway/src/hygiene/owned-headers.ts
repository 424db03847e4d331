/**
 * Which headers cross the gateway, in both directions (K04).
 *
 * ```ts
 * upstreamRequestHeaders(req.rawHeaders, context) -> string[] // flat
 * downstreamResponseHeaders(rawResponseHeaders, own) -> string[] // flat
 * ```
 *
 * Dropped from the client's request, whatever their case or count, and set
 * by the gateway from what it verified:
 * - identity: `x-tenant-id`, `x-user-*` (so `x-user-claims`),
 *   `x-authenticated-*`; the gateway sets `x-tenant-id` (always, from the
 *   resolved identity) and `x-user-sub`, `x-user-issuer`, `x-user-roles`
 *   (only when a token was verified);
 * - routing: `x-cell`, `x-config-version`;
 * - client address: `x-real-ip`, `x-client-ip`, `true-client-ip`,
 *   `x-cluster-client-ip`; and, from peers that are not trusted proxies,
 *   `forwarded` and every `x-forwarded-*`. The gateway sets
 *   `x-forwarded-for` (a trusted peer's chain plus the peer, else the peer
 *   alone), `x-forwarded-proto`, `x-forwarded-host` and `x-real-ip`;
 * - correlation: `x-request-id`, `traceparent`, `tracestate` (see
 *   correlation.ts, which decides what to propagate);
 * - rewrites that would make the upstream serve another path or method
 *   than the one policy evaluated: `x-original-url`, `x-original-uri`,
 *   `x-rewrite-url`, `x-http-method-override`, `x-http-method`,
 *   `x-method-override`.
 *
 * Hop-by-hop headers (`connection`, `keep-alive`, `proxy-*`, `te`,
 * `trailer`, `transfer-encoding`, `upgrade`, and `expect`, which the
 * gateway answers itself) and any header a `connection` header names are
 * removed in both directions (RFC 9110, 7.6.1). The upstream client frames
 * the body anew.
 */
export interface UpstreamHeaderContext {
  readonly requestId: string;
  readonly traceparent: string;
  readonly tracestate: string | null;
  readonly tenantId: string;
  readonly user: {
    readonly sub: string;
    readonly issuer: string;
    readonly roles: readonly string[];
  } | null;
  readonly cellId: string;
  readonly configVersion: number;
  /** The TCP peer (`req.socket.remoteAddress`). */
  readonly peerAddress: string;
  /** Whether the peer is one of the snapshot's trusted proxies. */
  readonly peerTrusted: boolean;
  /** The client as the gateway decided it (K09); the peer if untrusted. */
  readonly clientAddress: string;
  /** The normalized host. */
  readonly host: string;
  readonly proto: 'http' | 'https';
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'expect',
]);

const OWNED = new Set([
  'x-tenant-id',
  'x-cell',
  'x-config-version',
  'x-request-id',
  'traceparent',
  'tracestate',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'x-cluster-client-ip',
  'x-original-url',
  'x-original-uri',
  'x-rewrite-url',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);

const OWNED_PREFIXES = ['x-user-', 'x-authenticated-'];

/** Owned only when the peer is not a trusted proxy. */
const FORWARDING = 'x-forwarded-';

/**
 * The gateway's own response headers; an upstream's value is replaced or,
 * when the gateway sets none (no policy decision), dropped.
 */
const OWNED_RESPONSE = new Set([
  'x-cell',
  // The cell app's instance id: internal topology, never for clients.
  'x-cell-instance',
  'x-config-version',
  'x-request-id',
  'x-decision-id',
]);

/** Whether a client's header (lower-cased name) is the gateway's to set. */
export function isOwnedRequestHeader(
  name: string,
  peerTrusted: boolean,
): boolean {
  if (OWNED.has(name)) return true;
  if (name.startsWith('x-') && OWNED_PREFIXES.some((p) => name.startsWith(p))) {
    return true;
  }
  if (name === 'forwarded' || name.startsWith(FORWARDING)) return !peerTrusted;

  return false;
}

/** The request headers for the upstream, as a flat name/value list. */
export function upstreamRequestHeaders(
  rawHeaders: readonly string[],
  context: UpstreamHeaderContext,
): string[] {
  const listed = connectionListed(rawHeaders);
  const headers: string[] = [];
  let forwardedFor: string | null = null;
  let forwardedProto: string | null = null;
  let forwardedHost: string | null = null;

  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (
      HOP_BY_HOP.has(name) ||
      isOwnedRequestHeader(name, context.peerTrusted)
    ) {
      continue;
    }
    if (listed !== null && listed.has(name)) continue;

    // Only reached from a trusted peer: its chain is extended below.
    if (name === 'x-forwarded-for') {
      forwardedFor =
        forwardedFor === null ? value : `${forwardedFor}, ${value}`;
    } else if (name === 'x-forwarded-proto') {
      forwardedProto ??= value;
    } else if (name === 'x-forwarded-host') {
      forwardedHost ??= value;
    } else {
      headers.push(name, value);
    }
  }

  headers.push(
    'x-forwarded-for',
    forwardedFor === null
      ? context.peerAddress
      : `${forwardedFor}, ${context.peerAddress}`,
    'x-forwarded-proto',
    forwardedProto ?? context.proto,
    'x-forwarded-host',
    forwardedHost ?? context.host,
    'x-real-ip',
    context.clientAddress,
    'x-request-id',
    context.requestId,
    'traceparent',
    context.traceparent,
    'x-tenant-id',
    context.tenantId,
    'x-cell',
    context.cellId,
    'x-config-version',
    String(context.configVersion),
  );
  if (context.tracestate !== null) {
    headers.push('tracestate', context.tracestate);
  }
  if (context.user !== null) {
    headers.push(
      'x-user-sub',
      context.user.sub,
      'x-user-issuer',
      context.user.issuer,
      'x-user-roles',
      context.user.roles.join(','),
    );
  }

  return headers;
}

/**
 * The upstream's response headers for the client, plus the gateway's, as
 * the flat name/value list `res.writeHead` takes. `raw` is the response's
 * header lines as received, latin1 (names in any case); names come out
 * lower-cased, repeated lines (`set-cookie`) stay separate.
 */
export function downstreamResponseHeaders(
  raw: readonly string[],
  own: Readonly<Record<string, string>>,
): string[] {
  const headers: string[] = [];
  let listed: Set<string> | null = null;

  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'connection') {
      listed = namesIn([value], listed ?? new Set());
      continue;
    }
    if (HOP_BY_HOP.has(name) || OWNED_RESPONSE.has(name)) continue;
    headers.push(name, value);
  }

  const kept = listed === null ? headers : headers.filter(notListedIn(listed));
  for (const name in own) kept.push(name, own[name]!);

  return kept;
}

/** A filter over a flat name/value list that drops the listed names. */
function notListedIn(
  listed: ReadonlySet<string>,
): (entry: string, index: number, list: readonly string[]) => boolean {
  return (_entry, index, list) => !listed.has(list[index - (index % 2)]!);
}

/** Names listed by every `connection` header line, or null if none. */
function connectionListed(rawHeaders: readonly string[]): Set<string> | null {
  let values: string[] | null = null;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'connection') {
      (values ??= []).push(rawHeaders[i + 1]!);
    }
  }

  return values === null ? null : namesIn(values);
}

function namesIn(
  values: readonly string[],
  names: Set<string> = new Set(),
): Set<string> {
  for (const value of values) {
    for (const part of value.split(',')) {
      const name = part.trim().toLowerCase();
      if (name !== '') names.add(name);
    }
  }

  return names;
}
