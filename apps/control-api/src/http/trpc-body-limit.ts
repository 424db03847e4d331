import type { IncomingMessage, ServerResponse } from 'node:http';

import { MAX_BUNDLE_BYTES } from '@cellplane/contract';

import { ERROR_CODES } from '../errors/error-codes';
import { sendJson } from './send-json';

/** What any procedure may receive: sign-in, forms, filters. */
export const DEFAULT_TRPC_BODY_BYTES = 1024 * 1024;

/**
 * What the procedures carrying a bundle or Rego sources may receive: the
 * base64 of the largest bundle plus room for the JSON around it.
 */
export const LARGE_TRPC_BODY_BYTES =
  Math.ceil(MAX_BUNDLE_BYTES / 3) * 4 + 64 * 1024;

const LARGE_BODY_PROCEDURES = new Set(['policies.upload', 'policies.build']);

/**
 * The body bound of a `/trpc/<paths>` call. A batch (`a,b,c`) gets the
 * large bound only when every call in it may carry a bundle, so batching
 * a small procedure with a large one gains nothing.
 */
export function trpcBodyLimitOf(pathname: string): number {
  let paths: string[];
  try {
    paths = decodeURIComponent(pathname.slice('/trpc/'.length)).split(',');
  } catch {
    return DEFAULT_TRPC_BODY_BYTES;
  }

  const allLarge = paths.every((path) => LARGE_BODY_PROCEDURES.has(path));

  return allLarge ? LARGE_TRPC_BODY_BYTES : DEFAULT_TRPC_BODY_BYTES;
}

/**
 * Refuses a declared Content-Length above `limit` before a byte of the body
 * is read, in the shape tRPC gives its own errors. The connection closes,
 * so the server does not drain the rest of the body either. Chunked bodies
 * have no length: the tRPC handler's `maxBodySize` stops those while they
 * stream.
 */
export function refuseDeclaredTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (!(declared > limit)) return false;

  const entry = ERROR_CODES.BODY_TOO_LARGE;
  sendJson(
    res,
    entry.http,
    {
      error: {
        message: `${entry.userMessage}: ${declared} bytes declared, at most ${limit} accepted`,
        code: -32013,
        data: {
          code: entry.trpc,
          httpStatus: entry.http,
          appCode: 'BODY_TOO_LARGE',
          zodError: null,
        },
      },
    },
    { connection: 'close' },
  );

  return true;
}

/**
 * After a streamed body went over the bound, the rest is not worth
 * receiving: close the connection once the 413 is out.
 */
export function closeAfterTooLarge(
  req: IncomingMessage,
  res: ServerResponse,
): void {
  res.on('finish', () => {
    if (res.statusCode === 413 && !req.complete) req.socket.end();
  });
}
