import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { send, startEdge, type Edge } from './support/edge-harness';
import { route } from './support/path-cases';

/** Limit of K09: 5 requests per minute per client address. */
const FIVE_PER_MINUTE = { ratePerSecond: 5 / 60, burst: 5 };
const GENEROUS = { ratePerSecond: 10_000, burst: 10_000 };

function limits(trustedProxies: string[]) {
  return {
    perClientIp: FIVE_PER_MINUTE,
    perTenant: {
      free: GENEROUS,
      standard: GENEROUS,
      enterprise: GENEROUS,
    },
    trustedProxies,
  };
}

let direct: Edge;
let behindProxy: Edge;

beforeAll(async () => {
  // The one trusted proxy is not the test's own address: it is a client.
  direct = await startEdge({
    routes: [route('api', '/', 'optional')],
    limits: limits(['10.20.30.40']),
    policy: () => true,
  });
  // Here the gateway sits behind a proxy on loopback, which is trusted.
  behindProxy = await startEdge({
    routes: [route('api', '/', 'optional')],
    limits: limits(['127.0.0.1']),
    policy: () => true,
  });
});

afterAll(async () => {
  await direct?.close();
  await behindProxy?.close();
});

describe('K09 spoofed client address', () => {
  it('K09 spoofed client address: a new x-forwarded-for per request does not escape the limit; 6 to 20 get 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const answer = await send(direct.port, 'GET', '/orders', {
        'x-tenant-id': 't-a',
        'x-forwarded-for': `198.51.100.${i + 1}`,
      });
      statuses.push(answer.status);
      if (answer.status === 429) {
        expect(JSON.parse(answer.body)).toMatchObject({
          error: { code: 'GW_RATE_LIMITED' },
        });
        expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(answer.headers['ratelimit-limit']).toBe('5');
        expect(answer.headers['ratelimit-remaining']).toBe('0');
        expect(Number(answer.headers['ratelimit-reset'])).toBeGreaterThan(0);
      }
    }

    expect(statuses).toEqual([...Array(5).fill(200), ...Array(15).fill(429)]);
    expect(direct.received).toHaveLength(5);
    // The peer is the client: what it wrote is neither key nor x-real-ip.
    for (const seen of direct.received) {
      expect(seen.headers['x-real-ip']).toBe('127.0.0.1');
      expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    }
  });

  it('K09 spoofed client address: "1.2.3.4, <real addr>" from an untrusted peer is still keyed on the peer', async () => {
    const answer = await send(direct.port, 'GET', '/orders', {
      'x-tenant-id': 't-a',
      'x-forwarded-for': '1.2.3.4, 127.0.0.1',
    });

    expect(answer.status).toBe(429);
  });

  it('K09 spoofed client address: behind a trusted proxy the key is the nearest untrusted hop, whatever the client prepends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const answer = await send(behindProxy.port, 'GET', '/orders', {
        'x-tenant-id': 't-a',
        // Left of the proxy's entry is what the client wrote.
        'x-forwarded-for': `10.0.0.${i + 1}, 203.0.113.7`,
      });
      statuses.push(answer.status);
    }
    const other = await send(behindProxy.port, 'GET', '/orders', {
      'x-tenant-id': 't-a',
      'x-forwarded-for': '203.0.113.8',
    });
    // A proxy hop that is garbage ends the walk at the trusted peer.
    const garbage = await send(behindProxy.port, 'GET', '/orders', {
      'x-tenant-id': 't-a',
      'x-forwarded-for': 'not-an-address',
    });

    expect(statuses).toEqual([...Array(5).fill(200), ...Array(3).fill(429)]);
    expect(other.status).toBe(200);
    expect(garbage.status).toBe(200);
    const first = behindProxy.received[0]!.headers;
    expect(first['x-real-ip']).toBe('203.0.113.7');
    expect(first['x-forwarded-for']).toBe('10.0.0.1, 203.0.113.7, 127.0.0.1');
    expect(behindProxy.received.at(-1)!.headers['x-real-ip']).toBe('127.0.0.1');
  });
});
