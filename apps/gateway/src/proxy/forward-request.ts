import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import type { Readable } from 'node:stream';

import type { Dispatcher } from 'undici';

import { GatewayError } from '../errors/gateway-error';
import { connectionListed, isForwardable } from './hop-by-hop-headers';
import type { Upstream } from './upstream-pools';

export interface ForwardOptions {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly upstream: Upstream;
  /** Headers the gateway adds to the upstream request and the response. */
  readonly ownHeaders: Readonly<Record<string, string>>;
  /** Hard limit on the whole exchange, response body included. */
  readonly totalTimeoutMs: number;
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
  const { req, res, upstream, ownHeaders, totalTimeoutMs } = options;

  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(TIMED_OUT), totalTimeoutMs);
  const onClose = (): void => {
    if (!res.writableFinished) controller.abort(CLIENT_GONE);
  };
  res.once('close', onClose);

  try {
    const response = await upstream.pool.request({
      method: req.method as Dispatcher.HttpMethod,
      path: upstream.basePath + (req.url ?? '/'),
      headers: requestHeaders(req, ownHeaders),
      body: hasBody(req) ? req : null,
      signal: controller.signal,
    });

    res.writeHead(
      response.statusCode,
      responseHeaders(response.headers, ownHeaders),
    );
    await streamBody(response.body, res);

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

/** A request has a body exactly when it declares a length or chunking. */
function hasBody(req: IncomingMessage): boolean {
  return (
    req.headers['content-length'] !== undefined ||
    req.headers['transfer-encoding'] !== undefined
  );
}

/** The client's headers minus hop-by-hop and gateway-owned ones, plus ours. */
function requestHeaders(
  req: IncomingMessage,
  ownHeaders: Readonly<Record<string, string>>,
): string[] {
  const listed = connectionListed(req.headers.connection);
  const raw = req.rawHeaders;
  const headers: string[] = [];

  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (isForwardable(name, listed) && name !== 'x-forwarded-for') {
      headers.push(name, raw[i + 1]!);
    }
  }

  const forwardedFor = req.headers['x-forwarded-for'];
  const peer = req.socket.remoteAddress ?? 'unknown';
  headers.push(
    'x-forwarded-for',
    forwardedFor === undefined ? peer : `${String(forwardedFor)}, ${peer}`,
  );

  for (const [name, value] of Object.entries(ownHeaders))
    headers.push(name, value);

  return headers;
}

function responseHeaders(
  upstream: Record<string, string | string[] | undefined>,
  ownHeaders: Readonly<Record<string, string>>,
): OutgoingHttpHeaders {
  const listed = connectionListed(upstream.connection);
  const headers: OutgoingHttpHeaders = {};

  for (const [name, value] of Object.entries(upstream)) {
    if (value !== undefined && isForwardable(name, listed))
      headers[name] = value;
  }

  return Object.assign(headers, ownHeaders);
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
