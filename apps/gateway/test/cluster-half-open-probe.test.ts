import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import { signSnapshot } from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { edgeBody } from './support/policy-edge';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import {
  spawnClusterGateway,
  type GatewayProcess,
} from './support/test-gateway';
import { freshGet } from './support/fresh-get';
import { waitFor } from './support/wait-for';

/**
 * K10 across node:cluster workers: each worker has its own breaker per
 * instance, but the half-open probe is the gateway's (the primary grants
 * it), so two workers in half-open still send exactly one probe.
 */
let workspace: TestWorkspace;
let upstream: Server;
let received = 0;
let gateway: GatewayProcess;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  workspace = await createTestWorkspace();
  upstream = createServer((req, res) => {
    received += 1;
    req.resume();
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":"boom"}');
  });
  await new Promise<void>((resolve) =>
    upstream.listen(0, '127.0.0.1', resolve),
  );
  const { port } = upstream.address() as AddressInfo;

  const file = join(workspace.dir, 'snapshot.json');
  const body = edgeBody(`http://127.0.0.1:${port}`);
  await writeFile(file, JSON.stringify(signSnapshot(body, workspace.key)));

  gateway = await spawnClusterGateway(workspace, file, {
    GATEWAY_BREAKER_OPEN_MS: '1000',
    GATEWAY_BREAKER_MAX_OPEN_MS: '4000',
    GATEWAY_BREAKER_MIN_REQUESTS: '2',
    GATEWAY_BREAKER_PROBE_INTERVAL_MS: '5000',
  });
  await waitFor(
    () =>
      gateway.logs.filter((line) => line.msg === 'gateway listening').length ===
        2 || undefined,
    20_000,
    'both workers listening',
  );
}, 90_000);

afterAll(async () => {
  await gateway?.stop();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
  await workspace?.remove();
});

const get = () => freshGet(`${gateway.url}/orders`);

describe('K10 half-open probe across workers', () => {
  it('two workers in half-open send exactly one probe to the upstream', async () => {
    // Failures until both workers' breakers are open: then nothing passes.
    const deadline = Date.now() + 10_000;
    let open = false;
    while (!open && Date.now() < deadline) {
      for (let i = 0; i < 4; i += 1) await get();
      const before = received;
      const statuses: number[] = [];
      for (let i = 0; i < 10; i += 1) statuses.push(await get());
      open = received === before && statuses.every((s) => s === 503);
    }
    expect(open).toBe(true);

    // After the open period, fifty at once over both workers: one probe.
    await sleep(1500);
    const before = received;
    const stampede = await Promise.all(Array.from({ length: 50 }, get));

    expect(received - before).toBe(1);
    expect(stampede.filter((s) => s === 500)).toHaveLength(1);
    expect(stampede.filter((s) => s === 503)).toHaveLength(49);
  }, 90_000);
});
