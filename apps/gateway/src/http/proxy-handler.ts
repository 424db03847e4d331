import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from '../config/gateway-config';
import { GatewayError } from '../errors/gateway-error';
import { forwardRequest, type ForwardOutcome } from '../proxy/forward-request';
import type { UpstreamPools } from '../proxy/upstream-pools';
import type { InstanceBalancer } from '../routing/instance-balancer';
import { readTenantId } from '../routing/read-tenant-id';
import { resolveCell } from '../routing/resolve-cell';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import { requestIdOf } from './request-id';
import { pathOf } from './path-of';
import { sendError } from './send-error';

export interface ProxyHandlerDeps {
  readonly config: GatewayConfig;
  readonly store: SnapshotStore;
  readonly balancer: InstanceBalancer;
  readonly pools: UpstreamPools;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
}

/** What one request turned into, for its access log line and metrics. */
interface Trace {
  snapshotVersion?: number;
  tenantId?: string;
  cellId?: string;
  instanceId?: string;
  code?: string;
}

/**
 * Routes one tenant request: snapshot, tenant, cell, instance, forward.
 * The table is read once at the start, so the whole request is served by
 * one snapshot even if another is applied meanwhile.
 */
export function createProxyHandler(deps: ProxyHandlerDeps) {
  const { config, store, balancer, pools, metrics, logger } = deps;

  return async function proxy(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const startedAt = performance.now();
    const trace: Trace = {};
    const own: Record<string, string> = {
      'x-request-id': requestIdOf(req.headers),
    };

    res.once('close', () => record(req, res, own, trace, startedAt));

    try {
      const table = store.current;
      if (table === null) throw new GatewayError('GW_NO_SNAPSHOT');
      trace.snapshotVersion = table.version;
      own['x-config-version'] = String(table.version);

      trace.tenantId = readTenantId(req.headers);
      const cell = resolveCell(table, trace.tenantId);
      trace.cellId = cell.id;
      own['x-cell'] = cell.id;

      const lease = balancer.acquire(cell);
      if (lease === null) {
        throw new GatewayError(
          'GW_CELL_UNAVAILABLE',
          `no instance of cell ${cell.id} can take the request`,
        );
      }
      trace.instanceId = lease.instance.id;

      let outcome: ForwardOutcome = 'failure';
      try {
        outcome = await forwardRequest({
          req,
          res,
          upstream: pools.get(lease.instance),
          ownHeaders: own,
          totalTimeoutMs: config.upstream.totalTimeoutMs,
        });
      } finally {
        lease.release(outcome, performance.now() - startedAt);
      }
    } catch (caught) {
      const error =
        caught instanceof GatewayError
          ? caught
          : new GatewayError('GW_INTERNAL', 'request handling failed', {
              cause: caught,
            });
      trace.code = error.code;

      if (error.status >= 500) {
        logger.warn(
          { requestId: own['x-request-id'], ...trace, err: error },
          'request failed',
        );
      }
      sendError(res, error, own, config.retryAfterSeconds);
    }
  };

  function record(
    req: IncomingMessage,
    res: ServerResponse,
    own: Record<string, string>,
    trace: Trace,
    startedAt: number,
  ): void {
    const durationMs = performance.now() - startedAt;
    // 499: the client went away before an answer was sent (nginx's usage).
    const status = res.headersSent ? res.statusCode : 499;
    const cell = trace.cellId ?? 'none';

    metrics.requests.inc({ cell, status: String(status) });
    metrics.duration.observe({ cell }, durationMs / 1000);

    logger.info(
      {
        requestId: own['x-request-id'],
        tenantId: trace.tenantId,
        cellId: trace.cellId,
        instanceId: trace.instanceId,
        snapshotVersion: trace.snapshotVersion,
        method: req.method,
        path: pathOf(req.url),
        status,
        durationMs: Math.round(durationMs * 1000) / 1000,
        code: trace.code,
      },
      'request',
    );
  }
}
