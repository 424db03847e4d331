import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';

import { signSnapshot } from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { edgeBody } from './support/policy-edge';
import { createTestWorkspace, type TestWorkspace } from './support/test-key';
import {
  spawnClusterGateway,
  type GatewayProcess,
} from './support/test-gateway';
import { startUpstream, type Upstream } from './support/upstream-server';
import { waitFor } from './support/wait-for';

/**
 * `/readyz` on the tenant port speaks for the gateway, not for the worker
 * that happens to answer: while one worker is starting again, every
 * worker says 503 `workers_not_ready`.
 */
let workspace: TestWorkspace;
let upstream: Upstream;
let gateway: GatewayProcess;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  workspace = await createTestWorkspace();
  upstream = await startUpstream('cell-1-i1');
  const file = join(workspace.dir, 'snapshot.json');
  const body = edgeBody(upstream.url);
  await writeFile(file, JSON.stringify(signSnapshot(body, workspace.key)));

  gateway = await spawnClusterGateway(workspace, file);
}, 90_000);

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
  await workspace?.remove();
});

interface Readiness {
  status: number;
  body: {
    reason?: string;
    workers?: number;
    readyWorkers?: number;
    version?: number | null;
    versions?: { oldest: number; newest: number } | null;
  };
}

/** `/readyz` on a new connection, so the primary hands it to a worker. */
function readyz(): Promise<Readiness> {
  return new Promise((resolve, reject) => {
    const req = request(`${gateway.url}/readyz`, { agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: JSON.parse(text) as Readiness['body'],
        }),
      );
    });
    // A connection handed to the worker just killed is never answered.
    req.setTimeout(500, () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end();
  });
}

const readyAnswer = async (): Promise<Readiness | undefined> => {
  const answer = await readyz().catch(() => null);

  return answer?.status === 200 ? answer : undefined;
};

const listening = () =>
  gateway.logs.filter((line) => line.msg === 'gateway listening');

describe('gateway readiness across workers', () => {
  it('says not ready on every worker while one worker is not ready, and ready once all are', async () => {
    await waitFor(
      () => listening().length === 2 || undefined,
      20_000,
      'both workers listening',
    );
    const ready = await waitFor(readyAnswer, 10_000, 'gateway ready');
    expect(ready.body).toMatchObject({
      workers: 2,
      readyWorkers: 2,
      version: 1,
      versions: { oldest: 1, newest: 1 },
    });

    // The worker without the admin listener dies; the primary forks it
    // again after a second, and until it has its snapshot the gateway is
    // not ready, whichever worker answers.
    const other = listening().find((line) => line.adminPort === null)!;
    process.kill(Number(other.pid), 'SIGKILL');

    // Until the new worker listens and the gateway says ready again.
    const seen: Readiness[] = [];
    const deadline = Date.now() + 15_000;
    let settled = false;
    while (!settled && Date.now() < deadline) {
      const answer = await readyz().catch(() => null);
      if (answer !== null) seen.push(answer);
      settled = listening().length === 3 && answer?.status === 200;
      await sleep(25);
    }
    expect(listening()).toHaveLength(3);
    const unready = seen.filter((answer) => answer.status === 503);
    expect(unready.length).toBeGreaterThan(0);
    expect(unready[0]!.body).toMatchObject({ reason: 'workers_not_ready' });

    const again = await waitFor(readyAnswer, 10_000, 'gateway ready again');
    expect(again.body).toMatchObject({ workers: 2, readyWorkers: 2 });
  }, 45_000);
});
