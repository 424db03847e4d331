import fc from 'fast-check';
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
  asLenientUpstreamReads,
  expectUpstreamSawOnlyEvaluated,
  route,
  under,
} from './support/path-cases';

let edge: Edge;
let userToken: string;

beforeAll(async () => {
  const key = makeKey('EdDSA', 'k1');
  userToken = genuineToken(key, { roles: ['user'] });
  edge = await startEdge({
    routes: [
      route('all', '/', 'optional'),
      route('public', '/public', 'public'),
      route('admin', '/admin', 'required'),
    ],
    identity: makeIdentity([makeIssuer([key], { algorithms: ['EdDSA'] })]),
    policy: adminPolicy,
  });
});

afterAll(() => edge.close());

describe('K01 dot segments', () => {
  it.each([
    '/public/../admin/users',
    '/public/./../admin/users',
    '/public/%2e%2e/admin/users',
    '/public/.%2E/admin/users',
  ])(
    'K01 dot segments: %s is evaluated as /admin/users and denied',
    async (path) => {
      const answer = await send(edge.port, 'GET', path, {
        authorization: `Bearer ${userToken}`,
      });

      expect(answer.status).toBe(403);
      expect(edge.evaluated.at(-1)).toMatchObject({
        path: '/admin/users',
        allowed: false,
      });
      expectUpstreamSawOnlyEvaluated(edge);
    },
  );

  it.each([
    '/public/%c0%ae%c0%ae/admin/users',
    '/public/%C0%AE./admin/users',
    '/public/%e0%80%ae%e0%80%ae/admin/users',
  ])(
    'K01 dot segments: overlong UTF-8 dots in %s are refused',
    async (path) => {
      const before = edge.received.length;
      const answer = await send(edge.port, 'GET', path, {
        authorization: `Bearer ${userToken}`,
      });

      expect(answer.status).toBe(400);
      expect(edge.received).toHaveLength(before);
    },
  );

  it('K01 dot segments: a clean path still reaches the upstream unchanged', async () => {
    const answer = await send(edge.port, 'GET', '/public/a/../b?x=1', {
      'x-tenant-id': 't-a',
    });

    expect(answer.status).toBe(200);
    expect(edge.received.at(-1)?.url).toBe('/public/b?x=1');
    expectUpstreamSawOnlyEvaluated(edge);
  });

  it('K01 dot segments: no mix of dots, encodings and slashes reaches /admin', async () => {
    const piece = fc.constantFrom(
      'public',
      'admin',
      'ADMIN',
      '%61dmin',
      'users',
      '.',
      '..',
      '%2e',
      '%2E%2e',
      '.%2e',
      '%2e.',
      '...',
      '',
      '%2F',
      '%5C',
      '%252e',
      '%c0%ae',
      '%C0%AE%c0%ae',
      '%e0%80%ae',
      ';',
      'a',
    );

    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 8 }),
        async (pieces) => {
          const path = `/${pieces.join('/')}`;
          const answer = await send(edge.port, 'GET', path, {
            authorization: `Bearer ${userToken}`,
          });

          expect([200, 400, 403]).toContain(answer.status);
          const last = edge.received.at(-1);
          if (answer.status === 200 && last !== undefined) {
            expect(under(asLenientUpstreamReads(last.url), '/admin')).toBe(
              false,
            );
          }
        },
      ),
      { numRuns: 150 },
    );
    expectUpstreamSawOnlyEvaluated(edge);
  });
});
