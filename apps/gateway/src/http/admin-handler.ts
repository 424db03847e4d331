import type { IncomingMessage, ServerResponse } from 'node:http';

import type { GatewayReadiness } from '../cluster/cluster-readiness';
import type { ControlPlaneContact } from '../snapshot/control-plane-contact';
import type { SnapshotStore } from '../snapshot/snapshot-store';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';

/** Paths of the admin listener. */
export const ADMIN_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/** Admin paths also answered on the tenant listener; never proxied. */
export const TENANT_PORT_ADMIN_PATHS = new Set(['/healthz', '/readyz']);

export interface AdminHandlerDeps {
  readonly store: SnapshotStore;
  readonly contact: ControlPlaneContact;
  readonly metrics: GatewayMetrics;
  readonly draining: () => boolean;
  /** Health and degradation level per cell. */
  readonly cells: () => Record<string, { health: string; level: string }>;
  /**
   * Under node:cluster, every worker's readiness (cluster-readiness.ts);
   * absent in one process. Null: the primary did not answer.
   */
  readonly gatewayReady?: () => Promise<GatewayReadiness | null>;
}

/**
 * `/healthz`: the process answers. `/readyz`: a non-empty routing table is
 * held and the gateway is not draining; stale config still serves, so it is
 * reported (K13) without making the gateway unready. Under node:cluster it
 * speaks for the gateway: ready only when every worker is (reason
 * `workers_not_ready` otherwise), and its `version` is the oldest any
 * worker serves, with `versions` telling whether a push is still reaching
 * the others. `/metrics`: Prometheus.
 */
export function createAdminHandler(deps: AdminHandlerDeps) {
  return async function admin(
    path: string,
    _req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (!ADMIN_PATHS.has(path))
      return sendJson(res, 404, { error: 'not found' });

    if (path === '/metrics') {
      const text = await deps.metrics.text();
      res.writeHead(200, { 'content-type': deps.metrics.contentType });
      res.end(text);

      return;
    }

    const { status, body } = await readiness(deps);
    sendJson(res, status, body);
  };
}

/** Why this process is not ready, or null when it is. */
export function localUnreadiness(
  deps: Pick<AdminHandlerDeps, 'store' | 'draining'>,
): string | null {
  const table = deps.store.current;
  if (table === null) return 'no_snapshot';
  if (!table.servable) return 'empty_snapshot';

  return deps.draining() ? 'draining' : null;
}

async function readiness(deps: AdminHandlerDeps): Promise<{
  status: number;
  body: Record<string, unknown>;
}> {
  const table = deps.store.current;
  const contact = deps.contact.status();

  let reason = localUnreadiness(deps);
  const fleet =
    reason === null && deps.gatewayReady !== undefined
      ? await deps.gatewayReady()
      : null;
  if (fleet !== null && !fleet.ready) reason = 'workers_not_ready';

  return {
    status: reason === null ? 200 : 503,
    body: {
      ready: reason === null,
      ...(reason === null ? {} : { reason }),
      ...(fleet === null
        ? {}
        : {
            workers: fleet.workers,
            readyWorkers: fleet.readyWorkers,
            versions: fleet.versions,
          }),
      version: fleet?.versions?.oldest ?? table?.version ?? null,
      snapshotAgeSeconds:
        table === null
          ? null
          : Math.round((Date.now() - table.acceptedAt) / 1000),
      stale: contact.stale,
      connected: contact.connected,
      lastContactAgeSeconds: contact.lastContactAgeSeconds,
      cells: deps.cells(),
      ...(contact.lastError === null ? {} : { lastError: contact.lastError }),
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}
