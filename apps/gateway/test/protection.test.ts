import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { send, startEdge, type Edge } from './cases/support/edge-harness';
import { route } from './cases/support/path-cases';

/**
 * Retries, per-route timeouts and degradation levels on the real gateway
 * in front of two real instances of one cell.
 */
let edge: Edge;
let limited: Edge;
const broken = new Set<number>();

beforeAll(async () => {
  edge = await startEdge({
    routes: [
      route('api', '/', 'optional'),
      { ...route('slow', '/slow', 'optional'), timeoutMs: 150 },
    ],
    policy: () => true,
    instances: 2,
    respond: (instance, req, res) => {
      if (req.url?.startsWith('/slow')) {
        setTimeout(() => {
          res.writeHead(200);
          res.end('late');
        }, 400);

        return true;
      }
      if (!broken.has(instance)) return false;
      // A broken instance cuts the connection before answering.
      req.socket.destroy();

      return true;
    },
  });
  limited = await startEdge({
    routes: [route('api', '/', 'optional')],
    policy: () => true,
    env: { GATEWAY_FORCED_DEGRADATION: 'cell-1=limited' },
  });
});

afterAll(async () => {
  await edge?.close();
  await limited?.close();
});

describe('gateway protection', () => {
  it('retries an idempotent request once, on the other instance', async () => {
    broken.add(0);
    const before = edge.received.length;
    const answers = [];
    for (let i = 0; i < 6; i += 1) {
      answers.push(
        await send(edge.port, 'GET', '/orders', { 'x-tenant-id': 't-a' }),
      );
    }
    broken.clear();

    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    const seen = edge.received.slice(before);
    // Every request that met the broken instance went on to the other.
    const served = seen.filter((r) => r.instance === 1);
    expect(served).toHaveLength(6);
    expect(seen.some((r) => r.instance === 0)).toBe(true);
  });

  it('never retries a request with a body, and never a POST', async () => {
    broken.add(0);
    broken.add(1);
    const before = edge.received.length;
    const answer = await send(edge.port, 'POST', '/orders', {
      'x-tenant-id': 't-a',
      'content-length': '0',
    });
    broken.clear();

    expect(answer.status).toBe(502);
    expect(edge.received.length - before).toBe(1);
  });

  it("applies the route's own total timeout", async () => {
    const started = performance.now();
    const answer = await send(edge.port, 'GET', '/slow', {
      'x-tenant-id': 't-a',
    });
    const took = performance.now() - started;

    expect(answer.status).toBe(504);
    expect(took).toBeGreaterThanOrEqual(140);
    expect(took).toBeLessThan(380);
  });

  it('limited by the operator: reads are served, writes get 503 GW_DEGRADED with retry-after', async () => {
    const read = await send(limited.port, 'GET', '/orders', {
      'x-tenant-id': 't-a',
    });
    const write = await send(limited.port, 'POST', '/orders', {
      'x-tenant-id': 't-a',
      'content-length': '0',
    });

    expect(read.status).toBe(200);
    expect(write.status).toBe(503);
    expect(JSON.parse(write.body)).toMatchObject({
      error: { code: 'GW_DEGRADED' },
    });
    expect(write.headers['retry-after']).toBe('1');
    expect(limited.received.map((r) => r.method)).toEqual(['GET']);
  });
});

describe('gateway degraded level', () => {
  let cached: Edge;
  let down = false;

  beforeAll(async () => {
    cached = await startEdge({
      routes: [route('api', '/', 'optional')],
      policy: () => true,
      instances: 2,
      env: { GATEWAY_FORCED_DEGRADATION: 'cell-1=degraded' },
      respond: (_instance, req, res) => {
        if (down) {
          req.socket.destroy();

          return true;
        }
        const cacheable = req.url?.startsWith('/catalog') ?? false;
        res.writeHead(200, {
          'content-type': 'application/json',
          'cache-control': cacheable ? 'public, max-age=30' : 'no-store',
        });
        res.end(
          JSON.stringify({ url: req.url, tenant: req.headers['x-tenant-id'] }),
        );

        return true;
      },
    });
  });

  afterAll(() => cached?.close());

  it('serves a cacheable GET from the stale cache when the instances fail, marked x-cache: stale, per tenant', async () => {
    const fresh = await send(cached.port, 'GET', '/catalog/1', {
      'x-tenant-id': 't-a',
    });
    await send(cached.port, 'GET', '/private', { 'x-tenant-id': 't-a' });
    down = true;

    const stale = await send(cached.port, 'GET', '/catalog/1', {
      'x-tenant-id': 't-a',
    });
    const otherTenant = await send(cached.port, 'GET', '/catalog/1', {
      'x-tenant-id': 't-b',
    });
    const notCacheable = await send(cached.port, 'GET', '/private', {
      'x-tenant-id': 't-a',
    });
    down = false;

    expect(fresh.status).toBe(200);
    expect(fresh.headers['x-cache']).toBeUndefined();
    expect(stale.status).toBe(200);
    expect(stale.headers['x-cache']).toBe('stale');
    expect(stale.body).toBe(fresh.body);
    expect(stale.headers['x-request-id']).not.toBe(
      fresh.headers['x-request-id'],
    );
    expect(otherTenant.status).toBe(502);
    expect(notCacheable.status).toBe(502);
  });
});
