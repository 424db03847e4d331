import { afterEach, describe, expect, it } from 'vitest';

import { runOpenLoop } from '../measure/open-loop-run';
import { startLocalServer, type LocalServer } from './local-server';

describe('runOpenLoop, on loopback', () => {
  let server: LocalServer | undefined;

  afterEach(async () => {
    await server?.close();
  });

  const base = {
    path: '/catalog',
    tenantIds: ['t-1', 't-2'],
    connections: 64,
    timeoutMs: 5_000,
  };

  it('sends exactly rate x duration requests after the warm-up', async () => {
    server = await startLocalServer();

    const result = await runOpenLoop({
      ...base,
      url: server.url,
      rateRps: 200,
      durationS: 0.5,
      warmupS: 0.25,
    });

    expect(server.tenants).toHaveLength(150);
    expect(result.scheduled).toBe(100);
    expect(result.completed).toBe(100);
    expect(result.errors + result.non2xx).toBe(0);
  });

  it('shows queueing at a server slower than the rate (no coordinated omission)', async () => {
    // One request at a time, 10 ms each: 100 req/s of capacity, sent 200.
    server = await startLocalServer(10);

    const result = await runOpenLoop({
      ...base,
      url: server.url,
      rateRps: 200,
      durationS: 0.5,
      warmupS: 0,
    });

    // The 100th request waits for the 99 before it: about 1 s, where a
    // closed loop would report 10 ms for every request.
    expect(result.completed).toBe(100);
    expect(result.p50Ms).toBeGreaterThan(100);
    expect(result.maxMs).toBeGreaterThan(400);
  });

  it('refuses a target that is not on loopback', async () => {
    await expect(
      runOpenLoop({
        ...base,
        url: 'http://10.0.0.1:80',
        rateRps: 1,
        durationS: 1,
        warmupS: 0,
      }),
    ).rejects.toThrow(/loopback/);
  });
});
