import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { Logger } from '@cellplane/telemetry';

import { pathOf } from '../http/path-of';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import type { RequestTrace } from './proxy-exchange';

/** Records one request once its response has closed. */
export type AccessLog = (
  req: IncomingMessage,
  res: ServerResponse,
  own: Readonly<Record<string, string>>,
  trace: RequestTrace,
  startedAt: number,
) => void;

/**
 * The access log and request metrics: one `request` line per request with
 * its ids, tenant, cell, instance, status and duration, and one count in
 * `gateway_requests_total` and the duration histogram.
 *
 * The line goes through a child logger without redaction: its fields are
 * values the gateway computed (ids, the normalized path, codes), never a
 * header, token or body, and pino's wildcard redaction costs twice as much
 * per line as writing it (docs/ARCHITECTURE.md, "Gateway hot path").
 */
export function createAccessLog(
  logger: Logger,
  metrics: GatewayMetrics,
): AccessLog {
  const lines = logger.child({}, { redact: [] });

  return function record(req, res, own, trace, startedAt) {
    const durationMs = performance.now() - startedAt;
    // 499: the client went away before an answer was sent (nginx's usage).
    const status = res.headersSent ? res.statusCode : 499;

    metrics.countRequest(trace.cellId ?? 'none', status, durationMs / 1000);
    if (!lines.isLevelEnabled('info')) return;

    lines.info(
      {
        requestId: own['x-request-id'],
        decisionId: own['x-decision-id'],
        tenantId: trace.tenantId,
        cellId: trace.cellId,
        instanceId: trace.instanceId,
        snapshotVersion: trace.snapshotVersion,
        routeId: trace.routeId,
        method: req.method,
        // The normalized path; the raw one only when it never normalized,
        // bounded, since it is whatever the client sent.
        path: trace.path ?? pathOf(req.url).slice(0, 256),
        status,
        durationMs: Math.round(durationMs * 1000) / 1000,
        code: trace.code,
        reason: trace.reason,
        retried: trace.retried,
      },
      'request',
    );
  };
}
