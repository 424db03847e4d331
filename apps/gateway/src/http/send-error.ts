import type { ServerResponse } from 'node:http';

import { GATEWAY_ERROR_CODES } from '../errors/gateway-error-codes';
import type { GatewayError } from '../errors/gateway-error';

/**
 * Answers with the gateway's error body. The client sees the registry's
 * message for the code, never the internal detail of `error.message`.
 */
export function sendError(
  res: ServerResponse,
  error: GatewayError,
  headers: Readonly<Record<string, string>>,
  retryAfterSeconds: number,
): void {
  if (res.headersSent || res.destroyed) return;

  const body = JSON.stringify({
    error: {
      code: error.code,
      message: GATEWAY_ERROR_CODES[error.code].message,
      requestId: headers['x-request-id'],
    },
  });

  res.writeHead(error.status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    ...(error.status === 503
      ? { 'retry-after': String(retryAfterSeconds) }
      : {}),
  });
  res.end(body);
}
