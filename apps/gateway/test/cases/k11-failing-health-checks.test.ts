import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { send, startEdge, type Edge } from './support/edge-harness';
import { route } from './support/path-cases';

const INTERVAL_MS = 200;
const failingChecks = new Set<number>();
let edge: Edge;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  edge = await startEdge({
    routes: [route('api', '/', 'optional')],
    policy: () => true,
    instances: 3,
    env: {
      GATEWAY_HEALTH_CHECKS: 'on',
      GATEWAY_HEALTH_INTERVAL_MS: String(INTERVAL_MS),
      GATEWAY_HEALTH_TIMEOUT_MS: '100',
      GATEWAY_RETRY_AFTER_SECONDS: '7',
    },
    // Only the health check fails: the instance still answers traffic, so
    // the only thing that can keep traffic away from it is the check.
    respond: (instance, req, res) => {
      if (req.url !== '/healthz' || !failingChecks.has(instance)) return false;
      res.writeHead(500);
      res.end();

      return true;
    },
  });
});

afterAll(() => edge?.close());

interface Readiness {
  cells: Record<string, { health: string; level: string }>;
}

const readiness = async (): Promise<Readiness> =>
  (await (await fetch(`${edge.gateway.url}/readyz`)).json()) as Readiness;

const traffic = () =>
  edge.received.filter((r) => r.url !== '/healthz').map((r) => r.instance);

async function spread(count: number) {
  const answers = [];
  for (let i = 0; i < count; i += 1) {
    answers.push(
      await send(edge.port, 'GET', '/orders', { 'x-tenant-id': 't-a' }),
    );
  }

  return answers;
}

describe('K11 failing health checks', () => {
  it('K11 failing health checks: a failing instance gets no traffic within two check intervals', async () => {
    await spread(9);
    expect(new Set(traffic())).toEqual(new Set([0, 1, 2]));

    failingChecks.add(1);
    // Two intervals, plus the checker's tick (a tenth of an interval) for
    // each of the two checks.
    await sleep(2 * INTERVAL_MS + 2 * (INTERVAL_MS / 10));
    const before = traffic().length;
    const answers = await spread(30);

    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(traffic().slice(before)).not.toContain(1);
    expect((await readiness()).cells['cell-1']?.health).toBe('degraded');
  });

  it('K11 failing health checks: with all three failing, a fast 503 with retry-after and the cell shown as failed', async () => {
    failingChecks.add(0);
    failingChecks.add(2);
    await sleep(2 * INTERVAL_MS + 50);
    const before = traffic().length;

    const started = performance.now();
    const answer = await send(edge.port, 'GET', '/orders', {
      'x-tenant-id': 't-a',
    });
    const tookMs = performance.now() - started;

    expect(answer.status).toBe(503);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'GW_CELL_UNAVAILABLE' },
    });
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(answer.headers['x-cell']).toBe('cell-1');
    expect(tookMs).toBeLessThan(100);
    expect(traffic().length).toBe(before);

    expect((await readiness()).cells['cell-1']).toEqual({
      health: 'failed',
      level: 'survival',
    });
    const metrics = await (
      await fetch(`${edge.gateway.adminUrl}/metrics`)
    ).text();
    expect(metrics).toContain(
      'gateway_cell_state{cell="cell-1",state="failed"} 1',
    );
    expect(metrics).toContain(
      'gateway_cell_degradation_level{cell="cell-1"} 3',
    );

    // Checks passing again bring the cell back.
    failingChecks.clear();
    await sleep(3 * INTERVAL_MS);
    const back = await send(edge.port, 'GET', '/orders', {
      'x-tenant-id': 't-a',
    });
    expect(back.status).toBe(200);
  });
});
