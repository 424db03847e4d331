import { refuse, type EdgeRefusal } from './edge-refusal';

/**
 * One normalization of method, path and host per request (K01 to K03).
 *
 * ```ts
 * normalizeRequest(req.method, req.url, req.headers.host)
 *   -> { ok: true, method, path, segments, rawQuery, host } | EdgeRefusal
 * ```
 *
 * The result is the only form of the request target the rest of the
 * gateway may use: routing, identity, policy and the upstream request line
 * all take `path` (plus `?rawQuery`) from here and never re-read `req.url`,
 * so what policy evaluated is byte for byte what the upstream receives.
 *
 * The rule (also in apps/gateway/docs/request-hygiene.md):
 *
 * 1. Only origin-form targets (`/...`); absolute-form, `*` and a `#` are
 *    refused with 400 `GW_BAD_PATH`.
 * 2. Percent-encodings of unreserved characters (`A-Z a-z 0-9 - . _ ~`) are
 *    decoded; every other valid encoding is kept, with upper-case hex.
 * 3. Refused with 400 `GW_BAD_PATH`: an encoded `/` (`%2F`) or `\` (`%5C`),
 *    a raw `\`, a `;` (matrix parameters, which Tomcat, Jetty and Spring
 *    strip before routing: `/..;/admin`), NUL, control characters raw or
 *    encoded, space, non-ASCII bytes, characters RFC 3986 does not allow in
 *    a path, a `%` not followed by two hex digits, and a double encoding
 *    (`%25` followed by two hex digits), which a second decoder would turn
 *    into a separator or a dot segment the gateway never saw, and encoded
 *    bytes that are not well-formed UTF-8 (an overlong `%C0%AE` is a dot
 *    to a lenient decoder).
 * 4. Empty segments are dropped (`//a///b` is `/a/b`); `.` and `..` are
 *    resolved after step 2 (so `%2e%2E` is `..`) and never climb above the
 *    root (RFC 3986, 5.2.4). A trailing slash is kept.
 * 5. Case is kept: paths are case-sensitive (RFC 3986, 6.2.2.1). Route
 *    prefixes are lower-case by schema, and the route matcher refuses a
 *    path whose case-folded form would fall under a route its exact form
 *    does not (`/UPLOAD/file` where `/upload` is a route), so an upstream
 *    that ignores case cannot be reached around a rule (see match-route).
 *
 * Methods other than GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS are
 * refused with 405. The host is lower-cased, a trailing dot dropped, and it
 * must be a DNS name, IPv4 or bracketed IPv6 literal with an optional port.
 */
export interface NormalizedRequest {
  readonly ok: true;
  readonly method: string;
  /** The normalized path: what routing, policy and the upstream all see. */
  readonly path: string;
  /** `path` split on `/`, without empty segments. */
  readonly segments: readonly string[];
  /** Everything after the first `?`, without it; `''` when none. */
  readonly rawQuery: string;
  /** Lower-cased host with its port, if one was given. */
  readonly host: string;
}

const METHODS = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
]);

// Character classes of RFC 3986, indexed by char code (ASCII only).
const UNRESERVED = new Uint8Array(128);
const PATH_ALLOWED = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9\-._~]/.test(ch)) UNRESERVED[c] = 1;
  // pchar minus ";" (refused, see rule 3) plus "/" and "%".
  if (/[A-Za-z0-9\-._~!$&'()*+,=:@/%]/.test(ch)) PATH_ALLOWED[c] = 1;
}

const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
const DOUBLE_ENCODED = /%25[0-9A-Fa-f]{2}/;
// Linear: no nested quantifier can backtrack on a long hostile value.
const HOST = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?(?::\d{1,5})?$/;
const HYPHEN_EDGE = /(?:^|\.)-|-(?:\.|:|$)/;
const IPV6_HOST = /^\[[0-9a-f:.]+\](?::\d{1,5})?$/;

export function normalizeRequest(
  method: string | undefined,
  url: string | undefined,
  hostHeader: string | string[] | undefined,
): NormalizedRequest | EdgeRefusal {
  if (method === undefined || !METHODS.has(method)) {
    return refuse('GW_METHOD_NOT_ALLOWED', `method ${String(method)}`);
  }

  const host = normalizeHost(hostHeader);
  if (host === null) return refuse('GW_BAD_HOST', 'host header');

  if (url === undefined || url.charCodeAt(0) !== 0x2f) {
    return refuse('GW_BAD_PATH', 'not an origin-form target');
  }

  const queryAt = url.indexOf('?');
  const rawPath = queryAt === -1 ? url : url.slice(0, queryAt);
  const rawQuery = queryAt === -1 ? '' : url.slice(queryAt + 1);
  if (!isCleanQuery(rawQuery)) return refuse('GW_BAD_PATH', 'query bytes');

  const segments = normalizeSegments(rawPath);
  if (typeof segments === 'string') return refuse('GW_BAD_PATH', segments);

  // Most paths are already normal: keep the string instead of rebuilding.
  const path = isNormal(rawPath) ? rawPath : rebuild(rawPath, segments);

  return { ok: true, method, path, segments, rawQuery, host };
}

/**
 * Decodes, checks and resolves the path's segments in one pass. Returns
 * the segments, or a string saying why the path is refused.
 */
function normalizeSegments(raw: string): string[] | string {
  const out: string[] = [];
  let needsDecoding = false;
  let start = 1;

  for (let i = 1; i <= raw.length; i += 1) {
    const c = i === raw.length ? 0x2f : raw.charCodeAt(i);

    if (c === 0x2f) {
      const segment = needsDecoding
        ? decodeSegment(raw.slice(start, i))
        : raw.slice(start, i);
      if (typeof segment !== 'string') return segment.refused;
      pushSegment(out, segment);
      needsDecoding = false;
      start = i + 1;
      continue;
    }

    if (c >= 128 || PATH_ALLOWED[c] === 0) {
      return c === 0x5c ? 'backslash' : `byte 0x${c.toString(16)}`;
    }
    if (c === 0x25) needsDecoding = true;
  }

  return out;
}

/** Rules 2 and 3 for one segment that holds a `%`. */
function decodeSegment(raw: string): string | { refused: string } {
  let out = '';
  let highBytes = false;

  for (let i = 0; i < raw.length; i += 1) {
    const c = raw.charCodeAt(i);
    if (c !== 0x25) {
      out += raw[i];
      continue;
    }

    const value = hexPair(raw, i + 1);
    if (value < 0) return { refused: 'bad percent-encoding' };
    if (value === 0x2f || value === 0x5c)
      return { refused: 'encoded separator' };
    if (value < 0x20 || value === 0x7f)
      return { refused: 'encoded control character' };
    if (value >= 0x80) highBytes = true;
    out +=
      value < 128 && UNRESERVED[value] === 1
        ? String.fromCharCode(value)
        : `%${raw.slice(i + 1, i + 3).toUpperCase()}`;
    i += 2;
  }

  if (highBytes && !isUtf8(raw)) return { refused: 'encoded bytes not UTF-8' };

  // Checked on the output, since `%25%34%31` becomes `%2541` only here.
  return DOUBLE_ENCODED.test(out)
    ? { refused: 'double percent-encoding' }
    : out;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Whether the bytes a segment encodes are well-formed UTF-8. An overlong
 * form (`%C0%AE` for `.`), a surrogate, a code point past U+10FFFF or a
 * cut sequence is refused: a lenient decoder upstream could read a dot,
 * a slash or a different name into what policy saw as something else.
 * Called only for a segment with an encoded byte of 0x80 or more; its
 * other characters are ASCII (rule 3).
 */
function isUtf8(raw: string): boolean {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i += 1) {
    if (raw.charCodeAt(i) === 0x25) {
      bytes.push(hexPair(raw, i + 1));
      i += 2;
    } else {
      bytes.push(raw.charCodeAt(i));
    }
  }

  try {
    strictUtf8.decode(Uint8Array.from(bytes));

    return true;
  } catch {
    return false;
  }
}

/** No `%`, no empty segment and no dot segment: nothing to rewrite. */
function isNormal(raw: string): boolean {
  return !raw.includes('%') && !raw.includes('//') && !DOT_SEGMENT.test(raw);
}

function rebuild(raw: string, segments: readonly string[]): string {
  const trailing = segments.length > 0 && endsAsDirectory(raw) ? '/' : '';

  return `/${segments.join('/')}${trailing}`;
}

/** Rule 4: empty segments merge, `.` stays, `..` pops but not past root. */
function pushSegment(out: string[], segment: string): void {
  if (segment === '' || segment === '.') return;
  if (segment === '..') {
    out.pop();

    return;
  }
  out.push(segment);
}

/** `/a/`, `/a/.` and `/a/..` name a directory: keep the trailing slash. */
function endsAsDirectory(raw: string): boolean {
  if (raw.endsWith('/')) return true;
  const last = raw.slice(raw.lastIndexOf('/') + 1).toLowerCase();

  return /^(\.|%2e){1,2}$/.test(last);
}

function hexPair(text: string, at: number): number {
  if (at + 1 >= text.length) return -1;
  const high = hexValue(text.charCodeAt(at));
  const low = hexValue(text.charCodeAt(at + 1));

  return high < 0 || low < 0 ? -1 : high * 16 + low;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;

  return -1;
}

/** The query is passed on verbatim, so it must hold no byte to misread. */
function isCleanQuery(query: string): boolean {
  for (let i = 0; i < query.length; i += 1) {
    const c = query.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === 0x23) return false;
    if (c === 0x25 && hexPair(query, i + 1) < 0) return false;
  }

  return true;
}

// The host repeats from request to request: remember the last answer.
let lastHostIn: string | undefined;
let lastHostOut: string | null = null;

function normalizeHost(value: string | string[] | undefined): string | null {
  if (value === lastHostIn && value !== undefined) return lastHostOut;
  if (typeof value === 'string') {
    lastHostOut = checkHost(value);
    lastHostIn = value;

    return lastHostOut;
  }

  return null;
}

function checkHost(value: string): string | null {
  if (value === '' || value.length > 255) {
    return null;
  }

  const host = value.toLowerCase();
  if (IPV6_HOST.test(host)) return host;
  if (!HOST.test(host) || HYPHEN_EDGE.test(host)) return null;

  const portAt = host.lastIndexOf(':');
  const name = portAt === -1 ? host : host.slice(0, portAt);
  const port = portAt === -1 ? '' : host.slice(portAt);
  if (port !== '' && Number(port.slice(1)) > 65_535) return null;

  return (name.endsWith('.') ? name.slice(0, -1) : name) + port;
}
