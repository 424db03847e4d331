import { generateKeyPairSync, verify } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runLoad } from './run-load';

/**
 * A test fixture speaking the cell-app's HTTP surface with just enough
 * state to check the driver: it remembers which tenant filled which cart,
 * so checking out a cart the driver did not fill (or another tenant's) is
 * an error the summary would show. Tenant t-00002 is always out of stock.
 */
function startFixture() {
  const carts = new Map<string, string>();
  const seen = {
    paths: new Map<string, number>(),
    badCheckouts: 0,
    forwardedFor: new Set<string>(),
    /** Bearer tokens by how often each was sent. */
    tokens: new Map<string, number>(),
    /** Requests whose token names another tenant than x-tenant-id. */
    tenantMismatches: 0,
  };

  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const tenant = String(req.headers['x-tenant-id']);
      const cell = Number(tenant.slice(2)) % 2 === 0 ? 'cell-even' : 'cell-odd';
      const path = `${req.method} ${req.url}`;
      seen.paths.set(path, (seen.paths.get(path) ?? 0) + 1);
      const forwarded = req.headers['x-forwarded-for'];
      if (typeof forwarded === 'string') seen.forwardedFor.add(forwarded);
      const token = req.headers.authorization?.replace(/^Bearer /, '');
      if (token) {
        seen.tokens.set(token, (seen.tokens.get(token) ?? 0) + 1);
        if (claimsOf(token).tenant !== tenant) seen.tenantMismatches += 1;
      }

      const reply = (status: number, json: object) => {
        res.writeHead(status, {
          'content-type': 'application/json',
          'x-cell': cell,
        });
        res.end(JSON.stringify({ cell, ...json }));
      };

      if (path === 'GET /catalog') return reply(200, { products: [] });

      if (path === 'POST /cart/items') {
        const { sku, quantity } = JSON.parse(body) as {
          sku: string;
          quantity: number;
        };
        if (!/^sku-0(0[1-9]|1\d|20)$/.test(sku) || quantity < 1) {
          return reply(400, { error: { code: 'BAD_REQUEST' } });
        }
        carts.set(String(req.headers['x-cart-id']), tenant);
        return reply(200, { items: [{ sku, quantity }] });
      }

      if (path === 'POST /checkout') {
        const { cartId } = JSON.parse(body) as { cartId: string };
        if (carts.get(cartId) !== tenant) {
          seen.badCheckouts += 1;
          return reply(404, { error: { code: 'CART_NOT_FOUND' } });
        }
        carts.delete(cartId);
        if (tenant === 't-00002') {
          return reply(409, { error: { code: 'OUT_OF_STOCK' } });
        }
        return reply(200, { orderId: 'o' });
      }

      reply(404, { error: { code: 'NOT_FOUND' } });
    });
  });

  return { server, seen };
}

function claimsOf(token: string): Record<string, unknown> {
  const payload = token.split('.')[1] ?? '';

  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
    string,
    unknown
  >;
}

describe('runLoad', () => {
  let fixture: ReturnType<typeof startFixture>;
  let url: string;

  beforeAll(async () => {
    fixture = startFixture();
    fixture.server.listen(0, '127.0.0.1');
    await once(fixture.server, 'listening');
    const { port } = fixture.server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    fixture.server.close();
    await once(fixture.server as Server, 'close');
  });

  it('sends the 70/20/10 mix and checks out only carts it filled', async () => {
    const summary = await runLoad({
      url,
      durationS: 10,
      maxRequests: 4_000,
      concurrency: 8,
      tenantCount: 50,
    });

    expect(summary.total).toBe(4_000);
    expect(summary.errors).toBe(0);
    expect(fixture.seen.badCheckouts).toBe(0);

    const { catalog, cart, checkout } = summary.byOperation;
    expect(catalog / summary.total).toBeCloseTo(0.7, 1);
    expect(cart / summary.total).toBeCloseTo(0.2, 1);
    expect(checkout / summary.total).toBeCloseTo(0.1, 1);

    // Zipf: t-00002 is the second most popular tenant, so some of its
    // checkouts happen and come back 409 OUT_OF_STOCK, which is no error.
    expect(summary.outOfStock).toBeGreaterThan(0);
    expect(summary.byStatus['409']).toBe(summary.outOfStock);

    expect(Object.keys(summary.byCell).sort()).toEqual([
      'cell-even',
      'cell-odd',
    ]);
    expect(summary.byCell['cell-even']! + summary.byCell['cell-odd']!).toBe(
      4_000,
    );
    expect(summary.latencyMs.p50).toBeGreaterThan(0);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);
  }, 30_000);

  it('stands in for many end users only when asked to', async () => {
    fixture.seen.forwardedFor.clear();
    await runLoad({ url, durationS: 5, maxRequests: 200, concurrency: 2 });
    expect(fixture.seen.forwardedFor.size).toBe(0);

    await runLoad({
      url,
      durationS: 5,
      maxRequests: 2_000,
      concurrency: 4,
      clientCount: 300,
    });
    const addresses = [...fixture.seen.forwardedFor];

    expect(addresses.length).toBeGreaterThan(250);
    expect(addresses.length).toBeLessThanOrEqual(300);
    for (const address of addresses) {
      expect(address).toMatch(/^198\.1[89]\.\d{1,3}\.\d{1,3}$/);
    }
  }, 30_000);

  it('sends tokens of simulated users, 60 % of them reused', async () => {
    fixture.seen.tokens.clear();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

    const summary = await runLoad({
      url,
      durationS: 20,
      maxRequests: 3_000,
      concurrency: 4,
      tenantCount: 50,
      identity: {
        issuer: 'https://idp.test',
        audience: 'cellplane-test',
        keys: [
          { kid: 'rs', alg: 'RS256', privateKey: rsa.privateKey },
          { kid: 'ec', alg: 'ES256', privateKey: ec.privateKey },
        ],
        es256Share: 0.2,
        adminShare: 0.02,
        lifetimeS: 300,
      },
    });

    expect(summary.errors).toBe(0);
    expect(fixture.seen.badCheckouts).toBe(0);
    expect(fixture.seen.tenantMismatches).toBe(0);
    const { freshTokens, reusedTokens } = summary.auth;
    expect(freshTokens + reusedTokens).toBe(3_000);
    expect([...fixture.seen.tokens.values()].reduce((a, b) => a + b)).toBe(
      3_000,
    );
    expect(fixture.seen.tokens.size).toBe(freshTokens);
    // Only the first requests find no recent token to reuse.
    expect(reusedTokens / 3_000).toBeGreaterThan(0.55);
    expect(reusedTokens / 3_000).toBeLessThan(0.65);

    const algorithms = new Map<string, number>();
    for (const token of fixture.seen.tokens.keys()) {
      const [header, payload, signature] = token.split('.') as [
        string,
        string,
        string,
      ];
      const { alg } = JSON.parse(
        Buffer.from(header, 'base64url').toString(),
      ) as { alg: string };
      algorithms.set(alg, (algorithms.get(alg) ?? 0) + 1);
      const valid = verify(
        'sha256',
        Buffer.from(`${header}.${payload}`),
        alg === 'ES256'
          ? { key: ec.publicKey, dsaEncoding: 'ieee-p1363' }
          : rsa.publicKey,
        Buffer.from(signature, 'base64url'),
      );
      expect(valid).toBe(true);

      const claims = claimsOf(token);
      expect(claims).toMatchObject({
        iss: 'https://idp.test',
        aud: 'cellplane-test',
      });
      expect(claims.roles).toContain('shopper');
      expect(Number(claims.exp) - Number(claims.iat)).toBe(300);
      expect(typeof claims.jti).toBe('string');
    }
    expect(algorithms.get('RS256')! / freshTokens).toBeGreaterThan(0.7);
    expect(algorithms.get('ES256')).toBeGreaterThan(0);
  }, 60_000);

  it('stops at the deadline and reports the rate over the elapsed time', async () => {
    const started = Date.now();
    const summary = await runLoad({ url, durationS: 0.5, concurrency: 4 });
    const elapsed = Date.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(500);
    expect(elapsed).toBeLessThan(3_000);
    expect(summary.durationS).toBeGreaterThanOrEqual(0.5);
    // durationS is rounded to ms, so compare within 1 %.
    const rate = summary.total / summary.durationS;
    expect(Math.abs(summary.rps - rate) / rate).toBeLessThan(0.01);
  }, 10_000);

  it('stops early when aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);

    const summary = await runLoad(
      { url, durationS: 60, concurrency: 2 },
      { signal: controller.signal },
    );

    expect(summary.durationS).toBeLessThan(5);
    expect(summary.total).toBeGreaterThan(0);
  }, 10_000);

  it('counts refused connections as errors by transport code', async () => {
    const closed = createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const { port } = closed.address() as AddressInfo;
    closed.close();
    await once(closed, 'close');

    const summary = await runLoad({
      url: `http://127.0.0.1:${port}`,
      durationS: 5,
      maxRequests: 20,
      concurrency: 2,
    });

    expect(summary.errors).toBe(20);
    expect(summary.errorsByCode).toEqual({ ECONNREFUSED: 20 });
    expect(summary.byCell).toEqual({});
  }, 10_000);

  it('refuses a target that is not loopback', async () => {
    await expect(
      runLoad({ url: 'http://192.0.2.1:8080', durationS: 1 }),
    ).rejects.toThrow(/loopback/);
  });
});
