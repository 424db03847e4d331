import type { ServerResponse } from 'node:http';

import {
  GATEWAY_ERROR_CODES,
  type GatewayErrorCode,
} from '../errors/gateway-error-codes';

/**
 * Answers with the gateway's error body. The client sees the registry's
 * message for the code, never internal detail. `own` are the gateway's
 * headers of this request (`x-request-id`...), `extra` those the refusal
 * itself asks for (`www-authenticate`, `connection: close`, `retry-after`,
 * `ratelimit-*`); `x-decision-id` among `own` is also put in the body. A 503 without its own `retry-after` gets the default.
 */
export function sendError(
  res: ServerResponse,
  code: GatewayErrorCode,
  own: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> | undefined,
  retryAfterSeconds: number,
): void {
  if (res.headersSent || res.destroyed) return;

  const { status, message } = GATEWAY_ERROR_CODES[code];
  // A policy decision's id (K20) travels in the body too, for support.
  const decisionId = own['x-decision-id'];
  const body = JSON.stringify({
    error: {
      code,
      message,
      requestId: own['x-request-id'],
      ...(decisionId === undefined ? {} : { decisionId }),
    },
  });

  const headers: Record<string, string | number> = {
    ...own,
    ...extra,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  };
  if (status === 503 && headers['retry-after'] === undefined) {
    headers['retry-after'] = String(retryAfterSeconds);
  }
  if (extra?.connection === 'close') res.shouldKeepAlive = false;

  res.writeHead(status, headers);
  res.end(body);
}
