import type { IncomingMessage, ServerResponse } from 'node:http';

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
}

/**
 * `/healthz`: the process answers. `/readyz`: a non-empty routing table is
 * held and the gateway is not draining; stale config still serves, so it is
 * reported (K13) without making the gateway unready. `/metrics`: Prometheus.
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

    const { status, body } = readiness(deps);
    sendJson(res, status, body);
  };
}

function readiness(deps: AdminHandlerDeps): {
  status: number;
  body: Record<string, unknown>;
} {
  const table = deps.store.current;
  const contact = deps.contact.status();

  const reason =
    table === null
      ? 'no_snapshot'
      : !table.servable
        ? 'empty_snapshot'
        : deps.draining()
          ? 'draining'
          : null;

  return {
    status: reason === null ? 200 : 503,
    body: {
      ready: reason === null,
      ...(reason === null ? {} : { reason }),
      version: table?.version ?? null,
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
