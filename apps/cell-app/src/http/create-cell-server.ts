import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';

import type pg from 'pg';
import type { Logger } from 'pino';

import type { TenantProvisioner } from '../catalog/tenant-provisioner';
import type { PlacementFollower } from '../placement/placement-follower';
import { CellAppError } from './cell-app-error';
import { TENANT_ROUTES } from './cell-routes';
import { readConfigVersion, readTenantId } from './request-input';
import { sendJson } from './send-json';

export interface CellServerDeps {
  readonly cellId: string;
  readonly instanceId: string;
  readonly pool: pg.Pool;
  readonly provisioner: TenantProvisioner;
  readonly placement: PlacementFollower;
  readonly logger: Logger;
}

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** The cell-app's HTTP server: health, readiness and the tenant API. */
export function createCellServer(deps: CellServerDeps): Server {
  const server = createServer((req, res) => {
    void handle(deps, req, res);
  });

  // A gateway keeps connections to its instances alive; outlive its pool.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;

  return server;
}

async function handle(
  deps: CellServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const startedAt = performance.now();
  const requestId = readRequestId(req);
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  let logger = deps.logger.child({ requestId });
  res.setHeader('x-request-id', requestId);
  res.setHeader('x-cell-instance', deps.instanceId);

  try {
    if (path === '/healthz' || path === '/readyz') {
      await serveProbe(deps, req, res, path);
      return;
    }

    const route = TENANT_ROUTES.find((each) => each.pattern.test(path));
    if (!route) {
      throw new CellAppError('NOT_FOUND', `no route for ${path}`);
    }
    // HEAD is GET without the body (node:http leaves the body out).
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    if (method !== route.method) {
      const allowed = route.method === 'GET' ? 'GET, HEAD' : route.method;
      res.setHeader('allow', allowed);
      throw new CellAppError('METHOD_NOT_ALLOWED', `use ${allowed}`);
    }

    const tenantId = readTenantId(req);
    logger = logger.child({ tenantId });
    await checkPlacement(deps, req, tenantId);
    await deps.provisioner.ensure(tenantId);

    const params = route.pattern.exec(path)?.groups ?? {};
    const result = await route.handle({
      req,
      pool: deps.pool,
      tenantId,
      params,
    });
    sendJson(res, result.status, deps.cellId, result.body);
  } catch (error) {
    sendError(deps, res, logger, requestId, error);
  } finally {
    logger.info(
      {
        method: req.method,
        path,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
      },
      'request completed',
    );
  }
}

async function checkPlacement(
  deps: CellServerDeps,
  req: IncomingMessage,
  tenantId: string,
): Promise<void> {
  const verdict = await deps.placement.judge(tenantId, readConfigVersion(req));
  const version = deps.placement.current?.version ?? null;

  if (verdict.kind === 'unknown-tenant') {
    throw new CellAppError(
      'TENANT_UNKNOWN',
      `tenant ${tenantId} is not in snapshot ${version}`,
      { details: { tenantId } },
    );
  }

  if (verdict.kind === 'misdirected') {
    throw new CellAppError(
      'MISDIRECTED_TENANT',
      `tenant ${tenantId} is placed on ${verdict.expectedCell ?? 'no cell'}`,
      {
        details: {
          tenantId,
          expectedCell: verdict.expectedCell,
          snapshotVersion: version,
        },
      },
    );
  }
}

async function serveProbe(
  deps: CellServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    throw new CellAppError('METHOD_NOT_ALLOWED', 'use GET or HEAD');
  }

  const base = { instance: deps.instanceId };
  if (path === '/healthz') {
    sendJson(res, 200, deps.cellId, { ...base, status: 'ok' });
    return;
  }

  const database = await pingDatabase(deps.pool);
  const snapshotVersion = deps.placement.current?.version ?? null;
  const ready = database && snapshotVersion !== null;
  sendJson(res, ready ? 200 : 503, deps.cellId, {
    ...base,
    status: ready ? 'ready' : 'not-ready',
    database,
    snapshotVersion,
  });
}

async function pingDatabase(pool: pg.Pool): Promise<boolean> {
  try {
    await pool.query('SELECT 1');

    return true;
  } catch {
    return false;
  }
}

function sendError(
  deps: CellServerDeps,
  res: ServerResponse,
  logger: Logger,
  requestId: string,
  error: unknown,
): void {
  const known = toCellAppError(error);

  if (known.status >= 500) {
    logger.error({ err: error, code: known.code }, 'request failed');
  }

  if (res.headersSent) {
    res.destroy();
    return;
  }

  sendJson(res, known.status, deps.cellId, {
    code: known.code,
    message: known.message,
    requestId,
    ...known.details,
  });
}

/**
 * pg's connection failures (class 08, admin shutdown, pool timeouts) and
 * the bounds we set (lock and statement timeouts) mean "try later".
 */
function toCellAppError(error: unknown): CellAppError {
  if (error instanceof CellAppError) return error;

  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const unavailable =
    (typeof code === 'string' &&
      (code.startsWith('08') ||
        code === '57P01' ||
        code === '55P03' ||
        code === '57014' ||
        code === 'ECONNREFUSED')) ||
    message.includes('timeout exceeded when trying to connect');

  return unavailable
    ? new CellAppError(
        'DATABASE_UNAVAILABLE',
        'the cell database is unavailable',
        {
          cause: error,
        },
      )
    : new CellAppError('INTERNAL', 'internal error', { cause: error });
}

function readRequestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];

  return typeof header === 'string' && REQUEST_ID_PATTERN.test(header)
    ? header
    : randomUUID();
}
