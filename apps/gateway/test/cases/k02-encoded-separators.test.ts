import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEdge, send, type Edge } from './support/edge-harness';
import {
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
} from './support/forge-token';
import {
  adminPolicy,
  expectUpstreamSawOnlyEvaluated,
  route,
} from './support/path-cases';

let edge: Edge;
let userToken: string;

beforeAll(async () => {
  const key = makeKey('EdDSA', 'k1');
  userToken = genuineToken(key, { roles: ['user'] });
  edge = await startEdge({
    routes: [
      route('all', '/', 'optional'),
      route('admin', '/admin', 'required'),
    ],
    identity: makeIdentity([makeIssuer([key], { algorithms: ['EdDSA'] })]),
    policy: adminPolicy,
  });
});

afterAll(() => edge.close());

describe('K02 encoded separators', () => {
  it('K02 encoded separators: //admin/users merges slashes and meets the admin rule', async () => {
    const answer = await send(edge.port, 'GET', '//admin/users', {
      authorization: `Bearer ${userToken}`,
    });

    expect(answer.status).toBe(403);
    expect(edge.evaluated.at(-1)?.path).toBe('/admin/users');
    expectUpstreamSawOnlyEvaluated(edge);
  });

  it.each([
    '/%2Fadmin/users',
    '/admin%2Fusers',
    '/public%2F..%2Fadmin/users',
    '/public%5C..%5Cadmin/users',
    '/public%5c..%5cadmin/users',
    '/public\\..\\admin/users',
    '/public%252F..%252Fadmin/users',
    '/public%25%32%46..%25%32%46admin/users',
    '/admin%2fusers',
  ])('K02 encoded separators: %s is refused with 400', async (path) => {
    const before = edge.evaluated.length;
    const answer = await send(edge.port, 'GET', path, {
      authorization: `Bearer ${userToken}`,
    });

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'GW_BAD_PATH' },
    });
    expect(edge.evaluated.length).toBe(before);
    expectUpstreamSawOnlyEvaluated(edge);
  });

  it('K02 encoded separators: no request of the case reached the upstream', () => {
    expect(edge.received).toEqual([]);
  });
});
