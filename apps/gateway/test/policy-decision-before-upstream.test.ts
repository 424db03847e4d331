import { Agent, createServer, request, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  preparePolicyCompiler,
  PUBLIC_ONLY_POLICY,
} from './support/policy-bundles';
import { readDecisions, spawnPolicyEdge } from './support/policy-edge';
import type { GatewayProcess } from './support/test-gateway';
import type { TestWorkspace } from './support/test-key';

/**
 * A worker killed (SIGKILL) the moment a cell receives a request: the
 * cell may act on it, so its decision must be on disk already. A burst of
 * 300 pipelined requests on one connection puts all their decisions in
 * one tick's batch; the instance kills the worker on the first request it
 * gets. Found by a review of batched decision writes, where requests went
 * upstream before their batch was written and one or two decisions of
 * requests the instance had received were lost, uncounted.
 */
let workspace: TestWorkspace;
let instance: Server;
let gateway: GatewayProcess;
let stateDir: string;
let workerPid = 0;
let armed = false;
const receivedIds: string[] = [];

beforeAll(async () => {
  await preparePolicyCompiler();
  instance = createServer((req, res) => {
    if (armed) {
      receivedIds.push(String(req.headers['x-request-id']));
      if (receivedIds.length === 1) process.kill(workerPid, 'SIGKILL');
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve) =>
    instance.listen(0, '127.0.0.1', resolve),
  );
  const { port } = instance.address() as AddressInfo;

  ({ gateway, workspace, stateDir } = await spawnPolicyEdge(
    `http://127.0.0.1:${port}`,
    {
      files: PUBLIC_ONLY_POLICY,
      revision: 'before-upstream',
      env: { GATEWAY_WORKERS: '1' },
    },
  ));
  const listening = gateway.logs.find(
    (line) => line.msg === 'gateway listening',
  );
  workerPid = Number(listening?.pid);
}, 300_000);

afterAll(async () => {
  await gateway?.stop();
  instance?.closeAllConnections();
  await new Promise<void>((resolve) => instance?.close(() => resolve()));
  await workspace?.remove();
});

/** Requests in parallel, so the gateway keeps idle connections upstream. */
async function warmUp(): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  await Promise.all(
    Array.from(
      { length: 64 },
      (_, i) =>
        new Promise<void>((resolve) => {
          const req = request(
            `${gateway.url}/public/warm-${i}`,
            { agent, headers: { 'x-tenant-id': 't-a' } },
            (res) => res.resume().on('end', resolve),
          );
          req.on('error', () => resolve());
          req.end();
        }),
    ),
  );
  agent.destroy();
}

describe('a decision whose request reached a cell', () => {
  it('is on disk when the worker is killed at that moment', async () => {
    expect(workerPid).toBeGreaterThan(0);
    await warmUp();

    armed = true;
    const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let burst = '';
    for (let i = 0; i < 300; i += 1) {
      burst +=
        `GET /public/burst-${i} HTTP/1.1\r\nhost: 127.0.0.1\r\n` +
        'x-tenant-id: t-a\r\n\r\n';
    }
    socket.write(burst);
    await gateway.exited;
    socket.destroy();

    const onDisk = new Set(
      (await readDecisions(join(stateDir, 'decisions'))).map(
        (decision) => decision.requestId,
      ),
    );
    expect(receivedIds.length).toBeGreaterThan(0);
    expect(receivedIds.filter((id) => !onDisk.has(id))).toEqual([]);
  }, 120_000);
});
