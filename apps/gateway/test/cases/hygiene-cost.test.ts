import { performance } from 'node:perf_hooks';

import { describe, expect, it } from 'vitest';

import { correlationOf } from '../../src/hygiene/correlation';
import { checkFraming } from '../../src/hygiene/framing';
import { RouteMatcher } from '../../src/hygiene/match-route';
import { normalizeRequest } from '../../src/hygiene/normalize-request';
import { upstreamRequestHeaders } from '../../src/hygiene/owned-headers';
import { route } from './support/path-cases';

/**
 * Per-request cost of each hygiene step, in ns/op over 100,000 runs after
 * a warm-up. Printed for the benchmark notes; asserted only against a
 * generous ceiling (20 µs per step), so a step that turns quadratic or
 * starts allocating per header fails here first.
 */
function nsPerOp(run: () => unknown): number {
  for (let i = 0; i < 20_000; i += 1) run();
  const count = 100_000;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) run();

  return Math.round(((performance.now() - started) * 1e6) / count);
}

const rawHeaders = [
  'Host',
  'gw.test',
  'User-Agent',
  'autocannon',
  'Accept',
  'application/json',
  'Accept-Encoding',
  'gzip',
  'Authorization',
  `Bearer ${'x'.repeat(600)}`,
  'x-tenant-id',
  't-00042',
  'Connection',
  'keep-alive',
  'traceparent',
  '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  'Content-Type',
  'application/json',
  'Content-Length',
  '42',
];

describe('hygiene cost', () => {
  it('each step costs microseconds at most', () => {
    const routes = RouteMatcher.fromRoutes([
      route('site', '/', 'public'),
      route('catalog', '/catalog', 'optional'),
      route('cart', '/cart', 'required'),
      route('checkout', '/checkout', 'required'),
    ]);
    const clean = normalizeRequest('GET', '/catalog/sku-001?page=2', 'gw.test');
    if (!clean.ok) throw new Error('setup');
    const headers = { traceparent: rawHeaders[15], 'x-request-id': 'r-1' };
    const context = {
      requestId: 'r-1',
      traceparent: rawHeaders[15]!,
      tracestate: null,
      tenantId: 't-00042',
      user: { sub: 'user-1', issuer: 'https://id', roles: ['user'] },
      cellId: 'use1-a',
      configVersion: 12,
      peerAddress: '127.0.0.1',
      peerTrusted: false,
      clientAddress: '127.0.0.1',
      host: 'gw.test',
      proto: 'http' as const,
    };

    const costs = {
      checkFraming: nsPerOp(() =>
        checkFraming({
          rawHeaders,
          url: '/catalog/sku-001',
          httpVersion: '1.1',
        }),
      ),
      normalizeClean: nsPerOp(() =>
        normalizeRequest('GET', '/catalog/sku-001?page=2', 'gw.test'),
      ),
      normalizeEncoded: nsPerOp(() =>
        normalizeRequest('GET', '/a/./b/../%63atalog//sku%2D001', 'gw.test'),
      ),
      matchRoute: nsPerOp(() => routes.match(clean)),
      correlation: nsPerOp(() => correlationOf(headers, false)),
      upstreamHeaders: nsPerOp(() =>
        upstreamRequestHeaders(rawHeaders, context),
      ),
    };
    console.log(
      Object.entries(costs)
        .map(([step, ns]) => `${step}: ${ns} ns/op`)
        .join('\n'),
    );

    for (const ns of Object.values(costs)) expect(ns).toBeLessThan(20_000);
  });
});
