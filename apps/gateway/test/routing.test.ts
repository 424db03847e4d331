import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  startSampleTopology,
  type SampleTopology,
} from './support/sample-topology';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import { startGateway, type InProcessGateway } from './support/test-gateway';
import type { UpstreamEcho } from './support/upstream-server';

let workspace: TestWorkspace;
let topology: SampleTopology;
let gw: InProcessGateway;

beforeAll(async () => {
  workspace = await createTestWorkspace();
  topology = await startSampleTopology(workspace.key);

  // use1-b has no instance at all: its tenants must get 503, not an error.
  const body = topology.body({ version: 7 });
  body.cells = body.cells.map((cell) =>
    cell.id === 'use1-b' ? { ...cell, state: 'draining', instances: [] } : cell,
  );
  body.tenants = [...body.tenants, { id: 't-empty', tier: 'free' }];
  body.overrides = [
    ...body.overrides,
    { tenantId: 't-empty', cellId: 'use1-b', reason: 'pinned' },
  ];
  // Cell down-1's only instance listens nowhere: a port opened and closed.
  body.cells = [
    ...body.cells,
    {
      id: 'down-1',
      regionId: 'us-east',
      capacityRps: 10_000,
      weight: 1,
      state: 'draining',
      instances: [{ id: 'down-1-i1', url: await closedPortUrl(), weight: 1 }],
    },
  ];
  body.tenants = [...body.tenants, { id: 't-down', tier: 'free' }];
  body.overrides = [
    ...body.overrides,
    { tenantId: 't-down', cellId: 'down-1', reason: 'pinned' },
  ];
  const file = join(workspace.dir, 'boot.json');
  await writeFile(file, JSON.stringify(topology.sign(body)));

  gw = await startGateway(
    {
      SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
      GATEWAY_STATE_DIR: join(workspace.dir, 'state'),
    },
    ['--snapshot', file],
  );
});

afterAll(async () => {
  await gw?.close();
  await topology?.close();
  await workspace?.remove();
});

function closedPortUrl(): Promise<string> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(`http://127.0.0.1:${port}`));
    });
  });
}

function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function call(path: string, init: RequestInit & { tenant?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.tenant !== undefined) headers.set('x-tenant-id', init.tenant);

  return fetch(gw.url + path, { ...init, headers });
}

describe('gateway routing', () => {
  it('routes a tenant to the cell its placement names, on one of its instances', async () => {
    const placement = gw.gateway.store.current!.placement;

    for (const tenant of ['t-a', 't-c', 't-d']) {
      const response = await call('/catalog?x=1', { tenant });
      const echo = (await response.json()) as UpstreamEcho;
      const cell = placement.cellFor(tenant)!;

      expect(response.status).toBe(200);
      expect(response.headers.get('x-cell')).toBe(cell);
      expect(response.headers.get('x-config-version')).toBe('7');
      expect(topology.instancesOf(cell)).toContain(echo.instanceId);
      expect(echo.url).toBe('/catalog?x=1');
      expect(echo.headers['x-cell']).toBe(cell);
      expect(echo.headers['x-config-version']).toBe('7');
    }
  });

  it('routes an overridden tenant to its override cell', async () => {
    const response = await call('/catalog', { tenant: 't-b' });
    const echo = (await response.json()) as UpstreamEcho;

    expect(gw.gateway.store.current!.placement.explain('t-b')?.source).toBe(
      'override',
    );
    expect(response.headers.get('x-cell')).toBe('euc1-a');
    expect(topology.instancesOf('euc1-a')).toContain(echo.instanceId);
  });

  it("spreads one cell's concurrent requests over its instances", async () => {
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        call('/slow?ms=50', { tenant: 't-b' }).then(
          (r) => r.json() as Promise<UpstreamEcho>,
        ),
      ),
    );

    expect(new Set(answers.map((a) => a.instanceId))).toEqual(
      new Set(['euc1-a-i1', 'euc1-a-i2']),
    );
  });

  it('answers 404 GW_TENANT_UNKNOWN for a tenant not in the snapshot, never a default cell', async () => {
    const before = [...topology.upstreams.values()].reduce(
      (n, u) => n + u.received.length,
      0,
    );
    const response = await call('/catalog', { tenant: 't-nobody' });
    const body = (await response.json()) as {
      error: { code: string; requestId: string };
    };
    const after = [...topology.upstreams.values()].reduce(
      (n, u) => n + u.received.length,
      0,
    );

    expect(response.status).toBe(404);
    expect(body.error.code).toBe('GW_TENANT_UNKNOWN');
    expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
    expect(response.headers.get('x-cell')).toBeNull();
    expect(after).toBe(before);
  });

  it('answers 400 GW_TENANT_MISSING without x-tenant-id and GW_BAD_REQUEST for two', async () => {
    const missing = await call('/catalog');
    const twice = await fetch(gw.url + '/catalog', {
      headers: [
        ['x-tenant-id', 't-a'],
        ['x-tenant-id', 't-b'],
      ],
    });

    expect(missing.status).toBe(400);
    expect(
      ((await missing.json()) as { error: { code: string } }).error.code,
    ).toBe('GW_TENANT_MISSING');
    expect(twice.status).toBe(400);
    expect(
      ((await twice.json()) as { error: { code: string } }).error.code,
    ).toBe('GW_BAD_REQUEST');
  });

  it('answers 503 GW_CELL_UNAVAILABLE with retry-after when the cell has no instance', async () => {
    const response = await call('/catalog', { tenant: 't-empty' });

    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('1');
    expect(response.headers.get('x-cell')).toBe('use1-b');
    expect(
      ((await response.json()) as { error: { code: string } }).error.code,
    ).toBe('GW_CELL_UNAVAILABLE');
  });

  it('creates the request id, ignoring one chosen by an untrusted client', async () => {
    const given = await call('/', {
      tenant: 't-a',
      headers: { 'x-request-id': 'abc-123' },
    });
    const givenEcho = (await given.json()) as UpstreamEcho;
    const created = await call('/', { tenant: 't-a' });
    const echo = (await created.json()) as UpstreamEcho;

    expect(given.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(givenEcho.headers['x-request-id']).toBe(
      given.headers.get('x-request-id'),
    );
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(echo.headers['x-request-id']).toBe(
      created.headers.get('x-request-id'),
    );
  });

  it('removes hop-by-hop headers both ways and owns x-config-version', async () => {
    // node:http, because fetch will not send a `connection` header.
    const response = await rawGet(gw.url + '/', {
      'x-tenant-id': 't-a',
      connection: 'keep-alive, x-private',
      'x-private': 'drop me',
      te: 'trailers',
      'x-keep': 'kept',
      'x-cell': 'forged',
    });
    const echo = JSON.parse(response.body) as UpstreamEcho;

    expect(echo.headers['x-private']).toBeUndefined();
    expect(echo.headers.te).toBeUndefined();
    expect(echo.headers['x-keep']).toBe('kept');
    expect(echo.headers['x-cell']).toBe(response.headers['x-cell']);
    expect(response.headers['x-hop']).toBeUndefined();
    // The gateway's own connection has its own keep-alive, not the upstream's.
    expect(response.headers['keep-alive']).not.toBe('timeout=5');
    expect(response.headers['x-config-version']).toBe('7');
    expect(response.headers['x-instance']).toBe(echo.instanceId);
  });

  it('streams a request body to the instance and the response back', async () => {
    const payload = Buffer.alloc(3 * 1024 * 1024, 7);
    const response = await call('/echo', {
      tenant: 't-a',
      method: 'POST',
      body: payload,
    });
    const echoed = Buffer.from(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(echoed.length).toBe(payload.length);
    expect(echoed.equals(payload)).toBe(true);
  });

  it('answers 504 GW_UPSTREAM_TIMEOUT when an instance exceeds the total timeout', async () => {
    const started = Date.now();
    const response = await call('/slow?ms=2000', { tenant: 't-a' });

    expect(response.status).toBe(504);
    expect(
      ((await response.json()) as { error: { code: string } }).error.code,
    ).toBe('GW_UPSTREAM_TIMEOUT');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(Date.now() - started).toBeLessThan(1900);
  });

  it('answers 502 GW_UPSTREAM_ERROR when the instance refuses, then 503 once its breaker opens', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const response = await call('/catalog', { tenant: 't-down' });
      const body = (await response.json()) as { error: { code: string } };
      codes.push(`${response.status} ${body.error.code}`);
    }

    // The breaker needs 20 requests in its window before it may open.
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('502 GW_UPSTREAM_ERROR'));
    expect(codes.at(-1)).toBe('503 GW_CELL_UNAVAILABLE');
  });

  it('reports health, readiness and metrics', async () => {
    const health = await fetch(gw.url + '/healthz');
    const ready = await fetch(gw.url + '/readyz');
    const readiness = (await ready.json()) as Record<string, unknown>;
    const metrics = await (await fetch(gw.adminUrl + '/metrics')).text();

    expect(health.status).toBe(200);
    expect(ready.status).toBe(200);
    expect(readiness).toMatchObject({ ready: true, version: 7, stale: true });
    expect(metrics).toMatch(
      /gateway_requests_total\{cell="euc1-a",status="200"\} \d+/,
    );
    expect(metrics).toMatch(
      /gateway_requests_total\{cell="none",status="404"\} 1/,
    );
    expect(metrics).toContain('gateway_request_duration_seconds_bucket');
    expect(metrics).toMatch(/gateway_config_version 7/);
    expect(metrics).toMatch(/gateway_snapshot_age_seconds \d/);
    expect(metrics).toMatch(
      /gateway_snapshot_updates_total\{result="accepted",code="OK"\} 1/,
    );
  });

  it('writes one access log line per request with its ids', async () => {
    const response = await call('/catalog', { tenant: 't-b' });
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const id = response.headers.get('x-request-id');

    const lines = gw.logs.filter((line) => line.requestId === id);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request',
      tenantId: 't-b',
      cellId: 'euc1-a',
      status: 200,
      component: 'gateway',
      method: 'GET',
      path: '/catalog',
    });
    expect(String(lines[0]!.instanceId)).toMatch(/^euc1-a-i[12]$/);
    expect(typeof lines[0]!.durationMs).toBe('number');
  });
});
