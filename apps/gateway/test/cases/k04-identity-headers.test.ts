import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEdge, send, type Edge } from './support/edge-harness';
import {
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
} from './support/forge-token';
import { route } from './support/path-cases';

let edge: Edge;
let tokenForA: string;

const SPOOFED = {
  'x-user-claims': '{"roles":["admin"],"tenant":"t-b"}',
  'x-authenticated-sub': 'admin',
  'x-authenticated-user': 'admin',
  'x-user-sub': 'admin',
  'x-user-roles': 'admin',
  'x-real-ip': '10.9.9.9',
  'x-forwarded-for': '10.9.9.9',
  forwarded: 'for=10.9.9.9',
  'x-cell': 'apse1-b',
  'x-config-version': '999999',
  'x-request-id': 'chosen-by-client',
  'x-original-url': '/admin/users',
  'x-http-method-override': 'DELETE',
};

beforeAll(async () => {
  const key = makeKey('ES256', 'k1');
  tokenForA = genuineToken(key, { tenant_id: 't-a', roles: ['user'] });
  edge = await startEdge({
    routes: [route('api', '/', 'optional')],
    identity: makeIdentity([makeIssuer([key], { algorithms: ['ES256'] })]),
    policy: () => true,
  });
});

afterAll(() => edge.close());

describe('K04 identity headers from outside', () => {
  it('K04 identity headers: x-tenant-id t-b with a token for t-a is refused with 403', async () => {
    const answer = await send(edge.port, 'GET', '/orders', {
      ...SPOOFED,
      authorization: `Bearer ${tokenForA}`,
      'x-tenant-id': 't-b',
    });

    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'GW_TENANT_MISMATCH' },
    });
    expect(edge.received).toEqual([]);
  });

  it('K04 identity headers: owned headers are dropped and set from the verified token', async () => {
    const answer = await send(edge.port, 'GET', '/orders', {
      ...SPOOFED,
      authorization: `Bearer ${tokenForA}`,
    });

    expect(answer.status).toBe(200);
    const seen = edge.received.at(-1)!.headers;
    expect(seen['x-tenant-id']).toBe('t-a');
    expect(seen['x-user-sub']).toBe('user-1');
    expect(seen['x-user-roles']).toBe('user');
    expect(seen['x-user-claims']).toBeUndefined();
    expect(seen['x-authenticated-sub']).toBeUndefined();
    expect(seen['x-authenticated-user']).toBeUndefined();
    expect(seen.forwarded).toBeUndefined();
    expect(seen['x-original-url']).toBeUndefined();
    expect(seen['x-http-method-override']).toBeUndefined();
    expect(seen['x-real-ip']).toBe('127.0.0.1');
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen['x-cell']).toBe('cell-1');
    expect(seen['x-config-version']).toBe('1');
    expect(seen['x-request-id']).not.toBe('chosen-by-client');
    expect(seen.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);

    expect(edge.evaluated.at(-1)).toMatchObject({
      tenantId: 't-a',
      roles: ['user'],
    });
    expect(answer.headers['x-cell']).toBe('cell-1');
    expect(answer.headers['x-upstream-secret']).toBeUndefined();
  });

  it('K04 identity headers: without a token, user headers from outside never reach the upstream', async () => {
    const answer = await send(edge.port, 'GET', '/orders', {
      ...SPOOFED,
      'x-tenant-id': 't-b',
    });

    expect(answer.status).toBe(200);
    const seen = edge.received.at(-1)!.headers;
    expect(seen['x-tenant-id']).toBe('t-b');
    for (const name of ['x-user-sub', 'x-user-roles', 'x-user-claims']) {
      expect(seen[name]).toBeUndefined();
    }
    expect(edge.evaluated.at(-1)).toMatchObject({
      tenantId: 't-b',
      roles: null,
    });
  });

  it('K04 identity headers: a repeated x-tenant-id is refused, not guessed at', async () => {
    const answer = await send(edge.port, 'GET', '/orders', {
      authorization: `Bearer ${tokenForA}`,
      'x-tenant-id': ['t-a', 't-b'],
    });

    expect(answer.status).toBe(400);
  });
});
