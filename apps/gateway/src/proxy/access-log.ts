import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { Logger } from '@cellplane/telemetry';
import { pino } from 'pino';

import { repeatedJson } from '../caching/repeated-json';
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
 * The line is the one pino would write for `logger.info(fields,
 * 'request')` (level, time, the logger's bindings, the fields, `msg`),
 * built here and written to the logger's own destination, in order with
 * its other lines. pino's generic path (redaction with wildcard paths, a
 * serializer walk per field) cost several times the rest of the line: the
 * fields are values the gateway computed (ids, the normalized path, codes),
 * never a header, token or body (docs/ARCHITECTURE.md, "Gateway hot path").
 */
export function createAccessLog(
  logger: Logger,
  metrics: GatewayMetrics,
): AccessLog {
  const write = lineWriter(logger);

  return function record(req, res, own, trace, startedAt) {
    const durationMs = performance.now() - startedAt;
    // 499: the client went away before an answer was sent (nginx's usage).
    const status = res.headersSent ? res.statusCode : 499;

    metrics.countRequest(trace.cellId ?? 'none', status, durationMs / 1000);
    if (!logger.isLevelEnabled('info')) return;

    let line = field('requestId', own['x-request-id']);
    line += field('decisionId', own['x-decision-id']);
    line += idField('tenantId', trace.tenantId);
    line += idField('cellId', trace.cellId);
    line += idField('instanceId', trace.instanceId);
    line += field('snapshotVersion', trace.snapshotVersion);
    line += idField('routeId', trace.routeId);
    line += idField('method', req.method);
    // The normalized path; the raw one only when it never normalized,
    // bounded, since it is whatever the client sent.
    line += field('path', trace.path ?? pathOf(req.url).slice(0, 256));
    line += field('status', status);
    line += field('durationMs', Math.round(durationMs * 1000) / 1000);
    line += idField('code', trace.code);
    line += field('reason', trace.reason);
    line += field('retried', trace.retried);
    write(line);
  };
}

/** `,"name":value` as JSON, or nothing for undefined (as pino omits it). */
function field(
  name: string,
  value: string | number | boolean | null | undefined,
): string {
  if (value === undefined) return '';

  return `,"${name}":${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
}

/** `field` for a value of a small set (ids, codes, methods). */
function idField(name: string, value: string | null | undefined): string {
  if (value === undefined) return '';

  return `,"${name}":${value === null ? 'null' : repeatedJson(value)}`;
}

/**
 * Writes `{"level":30,"time":...,<bindings><fields>,"msg":"request"}` to
 * the logger's destination, with the logger's own time format and
 * bindings (pino's documented `symbols`).
 */
function lineWriter(logger: Logger): (fields: string) => void {
  const { streamSym, timeSym, chindingsSym } = pino.symbols;
  const internals = logger as unknown as Record<symbol, unknown>;
  const level = logger.levels.values.info!;
  const stream = internals[streamSym] as { write(line: string): void };
  const time = internals[timeSym] as () => string;
  const bindings = internals[chindingsSym] as string;

  // Formatting the time is a tenth of the line's cost; many lines share
  // a millisecond.
  let lastMs = Number.NaN;
  let lastTime = '';

  return (fields) => {
    const now = Date.now();
    if (now !== lastMs) {
      lastMs = now;
      lastTime = time();
    }
    stream.write(
      `{"level":${level}${lastTime}${bindings}${fields},"msg":"request"}\n`,
    );
  };
}
