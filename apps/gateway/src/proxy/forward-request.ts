import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

import type { Dispatcher } from 'undici';

import { GatewayError } from '../errors/gateway-error';
import { downstreamResponseHeaders } from '../hygiene/owned-headers';
import { StaleCache, type StaleEntry } from '../protection/stale-cache';
import type { Upstream } from './upstream-pools';

export interface ForwardOptions {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly upstream: Upstream;
  /** The normalized method and path (+ query): what policy evaluated. */
  readonly method: string;
  readonly path: string;
  /** The upstream request headers (owned-headers.ts), flat name/value. */
  readonly headers: string[];
  /** Whether the client's body is streamed upstream. */
  readonly withBody: boolean;
  /** The gateway's own response headers. */
  readonly own: Readonly<Record<string, string>>;
  /** Hard limit on the whole exchange, response body included. */
  readonly totalTimeoutMs: number;
  /** Keeps a cacheable answer for the degraded level (GETs only). */
  readonly keep?: ((entry: StaleEntry) => void) | undefined;
}

/** `cancelled`: the client left first, which says nothing of the instance. */
export type ForwardOutcome = 'success' | 'failure' | 'cancelled';

const TIMED_OUT = Symbol('timed out');
const CLIENT_GONE = Symbol('client gone');

/**
 * Proxies one request to one instance, streaming both bodies. Before the
 * response has started, a failure throws a `GatewayError` for the caller to
 * answer; after, the client connection is cut, since a status already sent
 * cannot be taken back.
 */
export async function forwardRequest(
  options: ForwardOptions,
): Promise<ForwardOutcome> {
  const { req, res, upstream, own, totalTimeoutMs } = options;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), totalTimeoutMs);
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(CLIENT_GONE);
  };
  res.once('close', onClose);

  try {
    const response = await upstream.pool.request({
      method: options.method as Dispatcher.HttpMethod,
      path: upstream.basePath + options.path,
      headers: options.headers,
      body: options.withBody ? req : null,
      signal: controller.signal,
    });

    const headers = downstreamResponseHeaders(response.headers, own);
    res.writeHead(response.statusCode, headers);
    const chunks =
      options.keep !== undefined &&
      StaleCache.storable(response.statusCode, response.headers)
        ? collect(response.body)
        : null;
    await streamBody(response.body, res);
    if (chunks !== null) {
      options.keep!({
        status: response.statusCode,
        headers: headers as Record<string, string | string[]>,
        body: Buffer.concat(chunks),
      });
    }

    // An instance answering 5xx is failing, whatever it managed to send.
    return response.statusCode >= 500 ? 'failure' : 'success';
  } catch (error) {
    if (controller.signal.reason === CLIENT_GONE) return 'cancelled';

    if (res.headersSent) {
      res.destroy();

      return 'failure';
    }

    throw upstreamError(error, controller.signal.reason);
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
  }
}

/** The body's chunks as they stream past (only for cacheable answers). */
function collect(body: Readable): Buffer[] {
  const chunks: Buffer[] = [];
  body.on('data', (chunk: Buffer) => chunks.push(chunk));

  return chunks;
}

/**
 * Pipes the upstream body to the client until the response has finished.
 * Not `stream.pipeline`: it builds an AbortController and a DOMException
 * per call, a visible cost per proxied request.
 */
function streamBody(body: Readable, res: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const onClose = (): void => {
      if (res.writableFinished) {
        resolve();
      } else {
        body.destroy();
        reject(new Error('client closed the response'));
      }
    };

    body.once('error', reject);
    res.once('close', onClose);
    res.once('finish', resolve);
    body.pipe(res);
  });
}

function upstreamError(error: unknown, reason: unknown): GatewayError {
  if (reason === TIMED_OUT) {
    return new GatewayError(
      'GW_UPSTREAM_TIMEOUT',
      'upstream exceeded the total timeout',
      {
        cause: error,
      },
    );
  }

  const code = (error as { code?: unknown }).code;
  if (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT'
  ) {
    return new GatewayError(
      'GW_UPSTREAM_TIMEOUT',
      `upstream timed out (${code})`,
      {
        cause: error,
      },
    );
  }

  return new GatewayError(
    'GW_UPSTREAM_ERROR',
    `upstream failed: ${(error as Error).message ?? String(error)}`,
    { cause: error },
  );
}
