import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { send, startEdge, type Edge } from './support/edge-harness';
import { route } from './support/path-cases';

let edge: Edge;
let failing = true;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  edge = await startEdge({
    routes: [route('api', '/', 'optional')],
    policy: () => true,
    env: {
      GATEWAY_BREAKER_OPEN_MS: '1000',
      GATEWAY_BREAKER_MAX_OPEN_MS: '4000',
      GATEWAY_BREAKER_MIN_REQUESTS: '6',
      GATEWAY_BREAKER_PROBE_INTERVAL_MS: '200',
    },
    respond: (_instance, _req, res) => {
      if (!failing) return false;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end('{"error":"boom"}');

      return true;
    },
  });
});

afterAll(() => edge?.close());

const get = () => send(edge.port, 'GET', '/orders', { 'x-tenant-id': 't-a' });

describe('K10 half-open stampede', () => {
  it('K10 half-open stampede: one probe reaches the upstream, the rest fail fast, a failed probe reopens, and the breaker closes once the instance recovers', async () => {
    // Six concurrent failures open the breaker.
    const opening = await Promise.all(Array.from({ length: 6 }, get));
    expect(opening.map((a) => a.status)).toEqual(Array(6).fill(500));
    expect(edge.received).toHaveLength(6);
    expect((await get()).status).toBe(503);
    expect(edge.received).toHaveLength(6);

    // At 1.1 s, fifty at once: exactly one probe goes through.
    await sleep(1100);
    const started = performance.now();
    const stampede = await Promise.all(Array.from({ length: 50 }, get));
    const statuses = stampede.map((a) => a.status);

    expect(edge.received).toHaveLength(7);
    expect(statuses.filter((s) => s === 500)).toHaveLength(1);
    expect(statuses.filter((s) => s === 503)).toHaveLength(49);
    for (const answer of stampede.filter((a) => a.status === 503)) {
      expect(JSON.parse(answer.body)).toMatchObject({
        error: { code: 'GW_CELL_UNAVAILABLE' },
      });
      expect(answer.headers['retry-after']).toBeDefined();
    }
    expect(performance.now() - started).toBeLessThan(1000);

    // The failed probe opened it again (for 2 s now): nothing passes.
    await sleep(300);
    expect((await get()).status).toBe(503);
    expect(edge.received).toHaveLength(7);

    // Never open forever: once the instance answers, probes close it.
    failing = false;
    const deadline = Date.now() + 6000;
    let closed = false;
    while (!closed && Date.now() < deadline) {
      const burst = await Promise.all(Array.from({ length: 5 }, get));
      closed = burst.every((a) => a.status === 200);
      await sleep(100);
    }
    expect(closed).toBe(true);
  }, 15_000);
});
