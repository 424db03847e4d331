import type { Server, ServerOptions } from 'node:http';

import { refuse, type EdgeRefusal } from './edge-refusal';

/**
 * Checks on the framing of a raw request, before anything reads its body
 * (K05: one client request is exactly one upstream request).
 *
 * ```ts
 * const server = createServer(HARDENED_SERVER_OPTIONS, handler);
 * hardenServer(server);
 * // per request, first thing:
 * const refusal = checkFraming(req); // EdgeRefusal | null
 * ```
 *
 * node:http (llhttp, strict mode) already refuses malformed chunking, bare
 * CR/LF, obsolete line folding and most Content-Length conflicts before a
 * request reaches the handler. These checks hold the rule independently of
 * the parser's version and leniency flags, on `rawHeaders`, which keeps
 * every header line as it came:
 *
 * - `Content-Length` with `Transfer-Encoding`: 400 (RFC 9112, 6.3 lets a
 *   server guess; a gateway that guesses differently from its upstream is
 *   how requests are smuggled);
 * - more than one `Content-Length` line, or one that is not plain digits
 *   (`5, 5`, `+5`, ` 5`): 400;
 * - `Transfer-Encoding` other than exactly one `chunked`, or on HTTP/1.0:
 *   400 (`gzip, chunked`, `chunked, identity`, `xchunked`...);
 * - `Host`, `Authorization` or `x-tenant-id` repeated: 400, since Node
 *   keeps only the first while an upstream may read the last;
 * - more than `maxHeaders` header lines: 431; a request target longer than
 *   `maxTargetLength`: 414. The total header size is bounded by the
 *   server's `maxHeaderSize` (node answers 431 itself).
 *
 * A refusal carries `connection: close`, so whatever follows an ambiguous
 * message on the connection is never parsed as another request.
 *
 * The body itself is then framed by Node and re-framed by the upstream
 * client, so text inside a chunked body is body, never a second request.
 */
export interface FramingLimits {
  readonly maxHeaders: number;
  readonly maxTargetLength: number;
}

export const DEFAULT_FRAMING_LIMITS: FramingLimits = Object.freeze({
  maxHeaders: 100,
  maxTargetLength: 8192,
});

/** Options for `createServer`: strict parser, bounded headers and timing. */
export const HARDENED_SERVER_OPTIONS: ServerOptions = Object.freeze({
  maxHeaderSize: 16_384,
  insecureHTTPParser: false,
  requireHostHeader: true,
  headersTimeout: 10_000,
  requestTimeout: 30_000,
});

/**
 * Node drops header lines past `maxHeadersCount` silently, so a duplicate
 * `Content-Length` could hide behind 2,000 others; with no cap here,
 * `checkFraming` sees them all (their size stays bounded by
 * `maxHeaderSize`) and refuses too many itself.
 */
export function hardenServer(server: Server): void {
  server.maxHeadersCount = 0;
}

/**
 * Every framing refusal closes the connection: the bytes after an
 * ambiguous request must never be read as the next request.
 */
const CLOSE = Object.freeze({ connection: 'close' });

const SINGLETONS = new Set(['host', 'authorization', 'x-tenant-id']);

export function checkFraming(
  req: {
    readonly rawHeaders: readonly string[];
    readonly url?: string | undefined;
    readonly httpVersion: string;
  },
  limits: FramingLimits = DEFAULT_FRAMING_LIMITS,
): EdgeRefusal | null {
  const raw = req.rawHeaders;

  if ((req.url ?? '').length > limits.maxTargetLength) {
    return refuse('GW_URI_TOO_LONG', 'request target length', CLOSE);
  }
  if (raw.length / 2 > limits.maxHeaders) {
    return refuse('GW_HEADERS_TOO_LARGE', 'header count', CLOSE);
  }

  let contentLengths = 0;
  let transferEncodings = 0;
  let seen: Set<string> | null = null;

  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;

    if (name === 'content-length') {
      contentLengths += 1;
      if (!/^\d{1,15}$/.test(value)) {
        return refuse('GW_BAD_FRAMING', 'content-length value', CLOSE);
      }
    } else if (name === 'transfer-encoding') {
      transferEncodings += 1;
      if (value.toLowerCase() !== 'chunked') {
        return refuse('GW_BAD_FRAMING', 'transfer-encoding value', CLOSE);
      }
    } else if (SINGLETONS.has(name)) {
      seen ??= new Set();
      if (seen.has(name))
        return refuse('GW_BAD_FRAMING', `repeated ${name}`, CLOSE);
      seen.add(name);
    }
  }

  if (contentLengths > 1) {
    return refuse('GW_BAD_FRAMING', 'repeated content-length', CLOSE);
  }
  if (transferEncodings > 1) {
    return refuse('GW_BAD_FRAMING', 'repeated transfer-encoding', CLOSE);
  }
  if (transferEncodings === 1 && contentLengths === 1) {
    return refuse(
      'GW_BAD_FRAMING',
      'content-length with transfer-encoding',
      CLOSE,
    );
  }
  if (transferEncodings === 1 && req.httpVersion === '1.0') {
    return refuse('GW_BAD_FRAMING', 'transfer-encoding on HTTP/1.0', CLOSE);
  }

  return null;
}
