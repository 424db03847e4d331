import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEdge, send, type Edge } from './support/edge-harness';
import {
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
} from './support/forge-token';
import {
  expectUpstreamSawOnlyEvaluated,
  route,
  under,
  type PolicyInputLike,
} from './support/path-cases';

const policy = (input: PolicyInputLike) =>
  !under(input.path, '/upload') || (input.roles ?? []).includes('uploader');

let listed: Edge;
let withCatchAll: Edge;
let userToken: string;

beforeAll(async () => {
  const key = makeKey('EdDSA', 'k1');
  userToken = genuineToken(key, { roles: ['user'] });
  const identity = makeIdentity([makeIssuer([key], { algorithms: ['EdDSA'] })]);
  const routes = [
    route('upload', '/upload', 'required'),
    route('catalog', '/catalog', 'optional'),
  ];
  listed = await startEdge({ routes, identity, policy });
  withCatchAll = await startEdge({
    routes: [...routes, route('site', '/', 'public')],
    identity,
    policy,
  });
});

afterAll(async () => {
  await listed.close();
  await withCatchAll.close();
});

describe('K03 case and unknown paths', () => {
  it.each([
    ['/UPLOAD/file', 400],
    ['/Upload/file', 400],
    ['/uPLoad/file', 400],
    ['/%55pload/file', 400],
    ['/x/../upload/file', 403],
    ['/%75pload/file', 403],
    ['/upload/./file', 403],
    ['/internal/metrics', 404],
    ['/', 404],
    ['/uploads', 404],
  ])('K03 case and unknown paths: %s is denied (%i)', async (path, status) => {
    const answer = await send(listed.port, 'POST', path, {
      authorization: `Bearer ${userToken}`,
    });

    expect(answer.status).toBe(status);
    expectUpstreamSawOnlyEvaluated(listed);
  });

  it.each(['/UPLOAD/file', '/Upload/file', '/%55PLOAD/file'])(
    'K03 case and unknown paths: %s is refused even under a public catch-all route',
    async (path) => {
      const answer = await send(withCatchAll.port, 'POST', path, {
        'x-tenant-id': 't-a',
      });

      expect(answer.status).toBe(400);
      expectUpstreamSawOnlyEvaluated(withCatchAll);
    },
  );

  it('K03 case and unknown paths: nothing reached the upstream, and a known path does', async () => {
    expect(listed.received).toEqual([]);
    expect(withCatchAll.received).toEqual([]);

    const answer = await send(listed.port, 'GET', '/catalog/SKU-1', {
      'x-tenant-id': 't-a',
    });
    expect(answer.status).toBe(200);
    expect(listed.received.map((r) => r.url)).toEqual(['/catalog/SKU-1']);
  });
});
