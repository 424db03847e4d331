import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startEdge, send, type Edge } from './cases/support/edge-harness';

/**
 * Two defects of the tester's round: HEAD on a GET-only route answered 405,
 * and the cell app's `x-cell-instance` header reached clients.
 */
let edge: Edge;

beforeAll(async () => {
  edge = await startEdge({
    routes: [
      {
        id: 'catalog',
        pathPrefix: '/catalog',
        auth: 'public',
        timeoutMs: 1000,
        methods: ['GET'],
      },
    ],
    policy: () => true,
    respond: (_instance, _req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        'x-cell-instance': 'cell-1-i1',
      });
      res.end('{"ok":true}');

      return true;
    },
  });
});

afterAll(async () => {
  await edge?.close();
});

describe('HEAD on GET routes', () => {
  it('forwards HEAD on a route that allows GET', async () => {
    const answer = await send(edge.port, 'HEAD', '/catalog/item', {
      'x-tenant-id': 't-a',
    });

    expect(answer.status).toBe(200);
    expect(edge.received.at(-1)?.method).toBe('HEAD');
  });

  it('still refuses a method the route does not allow', async () => {
    const answer = await send(edge.port, 'DELETE', '/catalog/item', {
      'x-tenant-id': 't-a',
    });

    expect(answer.status).toBe(405);
  });
});

describe('upstream instance header', () => {
  it('does not pass x-cell-instance on to the client', async () => {
    const answer = await send(edge.port, 'GET', '/catalog/item', {
      'x-tenant-id': 't-a',
    });

    expect(answer.status).toBe(200);
    expect(answer.headers['x-cell-instance']).toBeUndefined();
    expect(answer.headers['x-cell']).toBe('cell-1');
  });
});
