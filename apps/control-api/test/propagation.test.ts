import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import {
  ROLE_USERS,
  seedTopology,
  TEST_PASSWORD,
} from './support/seed-topology';
import { SseReader } from './support/sse-reader';
import {
  createTestEnvironment,
  TEST_CONFIG_TOKEN,
  waitFor,
  type TestEnvironment,
} from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

let env: TestEnvironment;
let api: ControlApi;

beforeAll(async () => {
  // The demo's scale: the snapshot holds 10,000 tenants.
  env = await createTestEnvironment('propagation', async (database) => {
    await seedTopology(database.db);
    await database.db.tenant.createMany({
      data: Array.from({ length: 9_970 }, (_, i) => ({
        id: `t-bulk-${String(i).padStart(5, '0')}`,
        name: `Bulk ${i}`,
        tier: 'free' as const,
      })),
    });
  });
  api = await env.startApi();
  await waitFor(() => api.deps.feed.latest() ?? undefined);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

describe('change to SSE propagation (10,000 tenants)', () => {
  it('delivers each of 20 tRPC changes to a stream subscriber', async () => {
    const cookie = await signInCookie(
      api.url(),
      ROLE_USERS.operator,
      TEST_PASSWORD,
    );
    const stream = await SseReader.open(`${api.url()}/v1/snapshots/stream`, {
      authorization: `Bearer ${TEST_CONFIG_TOKEN}`,
    });
    await stream.next();

    const timings: number[] = [];
    for (let i = 0; i < 20; i++) {
      const cellId = i % 2 === 0 ? 'use1-a' : 'use1-b';
      const startedAt = performance.now();
      const result = await callTrpc(api.url(), 'placement.pin', {
        type: 'mutation',
        input: { tenantId: 't-00001', cellId },
        cookie,
      });
      expect(result.status).toBe(200);

      for (;;) {
        const event = await stream.next(5_000);
        const body = (
          JSON.parse(event.data) as {
            body: { overrides: { tenantId: string; cellId: string }[] };
          }
        ).body;
        if (body.overrides.some((o) => o.cellId === cellId)) {
          timings.push(event.receivedAt - startedAt);
          break;
        }
      }
    }
    stream.close();

    const sorted = [...timings].sort((a, b) => a - b);
    const p50 = percentile(sorted, 0.5);
    const max = sorted.at(-1)!;
    console.info(
      `change -> SSE over 20 changes: p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms`,
    );

    // The goal is under 1 s to every gateway (issue 2); the bound leaves
    // room for a CI machine busy with the other test files.
    expect(timings).toHaveLength(20);
    expect(max).toBeLessThan(2_000);
  }, 60_000);
});
