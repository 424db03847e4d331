import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';

import { createLogger } from '@cellplane/telemetry';
import { describe, expect, it } from 'vitest';

import { GatewayMetrics } from '../telemetry/gateway-metrics';
import { createAccessLog } from './access-log';

function capture(level: 'info' | 'warn' = 'info') {
  const lines: string[] = [];
  const destination = new PassThrough();
  destination.on('data', (chunk: Buffer) =>
    lines.push(...chunk.toString().split('\n').filter(Boolean)),
  );
  const logger = createLogger({ component: 'gateway', level, destination });
  const metrics = new GatewayMetrics({
    appliedVersion: () => null,
    snapshotAcceptedAt: () => null,
    contactAgeSeconds: () => null,
    stale: () => false,
    inFlight: () => 0,
    cellStates: () => new Map(),
    cellDegradation: () => new Map(),
  });

  return { lines, logger, metrics };
}

const req = { method: 'GET', url: '/raw?q=1' } as IncomingMessage;
const res = { headersSent: true, statusCode: 200 } as ServerResponse;

describe('createAccessLog', () => {
  it('writes the line pino would write for the same fields', async () => {
    const { lines, logger, metrics } = capture();
    const record = createAccessLog(logger, metrics);
    const trace = {
      snapshotVersion: 7,
      tenantId: 't-a',
      cellId: 'use1-a',
      instanceId: 'use1-a-i1',
      routeId: null,
      path: '/a "quoted"\\path',
      reason: 'line\nbreak',
    };

    record(req, res, { 'x-request-id': 'req-1' }, trace, performance.now());
    logger.info(
      {
        requestId: 'req-1',
        tenantId: 't-a',
        cellId: 'use1-a',
        instanceId: 'use1-a-i1',
        snapshotVersion: 7,
        routeId: null,
        method: 'GET',
        path: '/a "quoted"\\path',
        status: 200,
        durationMs: 0,
        reason: 'line\nbreak',
      },
      'request',
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines).toHaveLength(2);
    const [ours, pinos] = lines.map(
      (line) => JSON.parse(line) as Record<string, unknown>,
    );
    expect(Object.keys(ours!)).toEqual(Object.keys(pinos!));
    expect({ ...ours, time: 0, durationMs: 0 }).toEqual({
      ...pinos,
      time: 0,
    });
  });

  it('counts the request but writes nothing above info', async () => {
    const { lines, logger, metrics } = capture('warn');
    createAccessLog(logger, metrics)(req, res, {}, {}, performance.now());
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines).toEqual([]);
    expect(await metrics.registry.metrics()).toMatch(
      /^gateway_requests_total\{cell="none",status="200"\} 1$/m,
    );
  });
});
