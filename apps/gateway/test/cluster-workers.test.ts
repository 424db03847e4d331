import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  startSampleTopology,
  type SampleTopology,
} from './support/sample-topology';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import {
  spawnClusterGateway,
  type GatewayProcess,
} from './support/test-gateway';
import { freshGet } from './support/fresh-get';
import { waitFor } from './support/wait-for';

/**
 * The gateway as its own process with two node:cluster workers sharing
 * the tenant port: both serve, and a rate limit is per process (README,
 * "Rate limits"): two workers admit up to twice the snapshot's figure.
 * `/metrics` on the admin worker counts the requests of both.
 */
let workspace: TestWorkspace;
let topology: SampleTopology;
let gateway: GatewayProcess;

beforeAll(async () => {
  workspace = await createTestWorkspace();
  topology = await startSampleTopology(workspace.key);
  const generous = { ratePerSecond: 10_000, burst: 10_000 };
  const body = topology.body({
    limits: {
      perClientIp: { ratePerSecond: 5 / 60, burst: 5 },
      perTenant: { free: generous, standard: generous, enterprise: generous },
      trustedProxies: [],
    },
  });
  const file = join(workspace.dir, 'boot.json');
  await writeFile(file, JSON.stringify(topology.sign(body)));

  gateway = await spawnClusterGateway(workspace, file);
}, 90_000);

afterAll(async () => {
  await gateway?.stop();
  await topology?.close();
  await workspace?.remove();
});

const get = () => freshGet(`${gateway.url}/catalog`);

describe('gateway workers', () => {
  it('serves from two workers, and limits per process: at most twice the per-client figure', async () => {
    // The primary hands connections only to workers that listen.
    const listening = await waitFor(
      () => {
        const lines = gateway.logs.filter(
          (line) => line.msg === 'gateway listening',
        );

        return lines.length === 2 ? lines : undefined;
      },
      20_000,
      'both workers listening',
    );
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push(await get());
    const allowed = statuses.filter((s) => s === 200).length;

    expect(new Set(listening.map((line) => line.pid)).size).toBe(2);
    expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
    // Each worker admits its own 5; round-robin gives both a share.
    expect(allowed).toBeGreaterThan(5);
    expect(allowed).toBeLessThanOrEqual(10);
  }, 90_000);

  it('reports the requests of every worker on /metrics, not only of the admin worker', async () => {
    const response = await fetch(`${gateway.adminUrl}/metrics`);
    const text = await response.text();
    const counted = [
      ...text.matchAll(/^gateway_requests_total\{[^}]*\} (\d+)$/gm),
    ].reduce((sum, match) => sum + Number(match[1]), 0);
    const durations =
      /^gateway_request_duration_seconds_count\{[^}]*\} (\d+)$/gm;
    const timed = [...text.matchAll(durations)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );

    expect(response.status).toBe(200);
    // The 20 requests of the test before, served by both workers.
    expect(counted).toBe(20);
    expect(timed).toBe(20);
    expect(text).not.toContain('cluster metrics unavailable');
    expect(text).toMatch(/^gateway_config_version 1$/m);
  }, 90_000);

  it('stops every worker on SIGTERM and exits 0', async () => {
    expect(await gateway.stop()).toBe(0);
  }, 90_000);
});
