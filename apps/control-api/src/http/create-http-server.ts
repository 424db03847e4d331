import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

import type { Logger } from '@cellplane/telemetry';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';

import { isAppError } from '../errors/app-error';
import type { ServiceDeps } from '../services/service-deps';
import { appRouter } from '../trpc/app-router';
import { createContextFactory } from '../trpc/context';
import { openRequestScope, requestScopeOf } from './request-scope';
import { sendError } from './send-json';
import {
  closeAfterTooLarge,
  DEFAULT_TRPC_BODY_BYTES,
  LARGE_TRPC_BODY_BYTES,
  refuseDeclaredTooLarge,
  trpcBodyLimitOf,
} from './trpc-body-limit';
import { getBundle } from './v1/get-bundle';
import { hasConfigToken } from './v1/check-config-token';
import { getLatestSnapshot } from './v1/get-latest-snapshot';
import { postDecisions } from './v1/post-decisions';
import { postReport } from './v1/post-report';
import type { SnapshotStreams } from './v1/snapshot-streams';

/**
 * One node:http server for both surfaces: tRPC for the console at `/trpc`
 * and the config endpoints for gateways at `/v1` (bearer token).
 */
export function createHttpServer(
  deps: ServiceDeps,
  streams: SnapshotStreams,
): Server {
  // One handler per body bound: tRPC's `maxBodySize` stops a streamed
  // (chunked) body at the bound, which a Content-Length check cannot.
  const trpcHandlerOf = (maxBodySize: number) =>
    createHTTPHandler({
      router: appRouter,
      basePath: '/trpc/',
      maxBodySize,
      createContext: createContextFactory(deps),
      onError: ({ error, path, req }) => {
        if (error.code !== 'INTERNAL_SERVER_ERROR') return;

        const { logger } = requestScopeOf(req, deps.logger);
        logger.error({ err: error.cause ?? error, path }, 'procedure failed');
      },
    });
  const smallBodyTrpc = trpcHandlerOf(DEFAULT_TRPC_BODY_BYTES);
  const largeBodyTrpc = trpcHandlerOf(LARGE_TRPC_BODY_BYTES);

  return createServer((req, res) => {
    const { requestId, logger } = openRequestScope(req, deps.logger);
    res.setHeader('x-request-id', requestId);

    const url = new URL(req.url ?? '/', 'http://control-api');

    if (url.pathname.startsWith('/trpc/')) {
      const limit = trpcBodyLimitOf(url.pathname);
      if (refuseDeclaredTooLarge(req, res, limit)) return;

      closeAfterTooLarge(req, res);
      const trpc =
        limit === LARGE_TRPC_BODY_BYTES ? largeBodyTrpc : smallBodyTrpc;
      trpc(req, res);

      return;
    }

    const startedAt = performance.now();
    res.on('finish', () =>
      logger.debug(
        {
          method: req.method,
          path: url.pathname,
          status: res.statusCode,
          durationMs: Math.round(performance.now() - startedAt),
        },
        'request done',
      ),
    );

    route(req, res, url.pathname, { deps, streams, logger }).catch(
      (error: unknown) => {
        if (isAppError(error)) {
          sendError(res, error.code);

          return;
        }

        logger.error({ err: error, path: url.pathname }, 'request failed');
        if (!res.headersSent) sendError(res, 'INTERNAL');
        else res.destroy();
      },
    );
  });
}

/** `/healthz` and the `/v1` config endpoints. */
async function route(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  scope: { deps: ServiceDeps; streams: SnapshotStreams; logger: Logger },
): Promise<void> {
  const { deps, streams, logger } = scope;
  const route = `${req.method} ${path}`;

  if (route === 'GET /healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok\n');

    return;
  }

  const known = [
    'GET /v1/snapshots/latest',
    'GET /v1/snapshots/stream',
    'POST /v1/reports',
    'POST /v1/decisions',
  ];
  const bundlePrefix = 'GET /v1/bundles/';
  const isBundle = route.startsWith(bundlePrefix);
  if (!known.includes(route) && !isBundle) {
    sendError(res, 'NOT_FOUND');

    return;
  }

  if (!hasConfigToken(req, deps.config.configToken)) {
    sendError(res, 'UNAUTHORIZED');

    return;
  }

  if (isBundle) {
    const digest = route.slice(bundlePrefix.length);
    return getBundle(req, res, digest, { db: deps.db, logger });
  }

  switch (route) {
    case 'POST /v1/decisions':
      return postDecisions(req, res, { db: deps.db, logger });
    case 'GET /v1/snapshots/latest':
      return getLatestSnapshot(req, res, deps.feed);
    case 'GET /v1/snapshots/stream':
      return streams.handle(req, res, logger);
    default:
      return postReport(req, res, {
        db: deps.db,
        maxBytes: deps.config.maxReportBytes,
        logger,
      });
  }
}
