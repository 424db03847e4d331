import type { Dispatcher, Pool } from 'undici';

import type { Operation, RequestOutcome } from './load-tally';

export type LoadRequest = {
  operation: Operation;
  tenantId: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
  cartId?: string;
  /** The simulated end user's address, for a gateway that trusts us. */
  forwardedFor?: string;
  /** The user's JWT, sent as `authorization: Bearer`. */
  token?: string;
};

/**
 * Sends one request and reports what came back. Never throws: a transport
 * failure is an outcome with status 0 and the transport's error code.
 */
export async function sendRequest(
  pool: Pool,
  request: LoadRequest,
): Promise<RequestOutcome> {
  const started = performance.now();
  const headers: Record<string, string> = { 'x-tenant-id': request.tenantId };
  if (request.cartId) headers['x-cart-id'] = request.cartId;
  if (request.forwardedFor) headers['x-forwarded-for'] = request.forwardedFor;
  // x-tenant-id stays beside a token: the gateway accepts it when it names
  // the token's tenant, and a cell instance driven directly still needs it.
  if (request.token) headers.authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';

  try {
    const response = await pool.request({
      method: request.method,
      path: request.path,
      headers,
      body: request.body === undefined ? null : JSON.stringify(request.body),
    });
    const code = await readErrorCode(response);

    return {
      operation: request.operation,
      latencyMs: performance.now() - started,
      status: response.statusCode,
      code,
      cell: headerValue(response.headers['x-cell']),
    };
  } catch (error) {
    return {
      operation: request.operation,
      latencyMs: performance.now() - started,
      status: 0,
      code: transportCode(error),
    };
  }
}

/** Drains the body; for an error answer, its `error.code` or `code`. */
async function readErrorCode(
  response: Dispatcher.ResponseData,
): Promise<string | undefined> {
  if (response.statusCode < 400) {
    await response.body.dump();
    return undefined;
  }

  const text = await response.body.text();
  try {
    const json = JSON.parse(text) as {
      code?: unknown;
      error?: { code?: unknown };
    };
    const code = json.error?.code ?? json.code;

    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined) {
  return Array.isArray(value) ? value[0] : value;
}

function transportCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;

  return typeof code === 'string' ? code : 'TRANSPORT_ERROR';
}
