import type { ServerResponse } from 'node:http';

import type { AppErrorCode } from '../errors/error-codes';
import { ERROR_CODES } from '../errors/error-codes';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);

  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

/** `{code, message, ...extra}` with the status of the code's registry row. */
export function sendError(
  res: ServerResponse,
  code: AppErrorCode,
  extra: Record<string, unknown> = {},
): void {
  const entry = ERROR_CODES[code];

  sendJson(res, entry.http, { code, message: entry.userMessage, ...extra });
}
