import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PUBLISH_LOCK_KEY } from '../src/publish/publish-snapshot';
import { PUBLISH_QUEUE } from '../src/publish/snapshot-publisher';
import { seedTopology } from './support/seed-topology';
import {
  createTestEnvironment,
  TEST_CONFIG_TOKEN,
  waitFor,
  type TestEnvironment,
} from './support/start-test-api';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const RUNNER = fileURLToPath(
  new URL('./support/run-control-api.ts', import.meta.url),
);
const TUNABLES = {
  publishLockMs: 1_000,
  publishStalledCheckMs: 500,
  healthProbeIntervalMs: 60_000,
};

let env: TestEnvironment;
let lockHolder: pg.Client;
let redis: Redis;
let queue: Queue;
const children: ChildProcess[] = [];

beforeAll(async () => {
  env = await createTestEnvironment('k19', (database) =>
    seedTopology(database.db),
  );
  lockHolder = new pg.Client({ connectionString: env.database.url });
  await lockHolder.connect();
  redis = new Redis('redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  queue = new Queue(PUBLISH_QUEUE, {
    connection: redis,
    prefix: env.queuePrefix,
  });
}, 60_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await queue?.close();
  await redis?.quit();
  await lockHolder?.end();
  await env?.dispose();
});

function startChild(): ChildProcess {
  // Node itself with tsx's loader, not the tsx CLI: the CLI runs node as
  // a child of its own, and SIGKILL to the CLI would orphan that child.
  const child = spawn(process.execPath, ['--import', 'tsx', RUNNER], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: env.database.url,
      CONTROL_API_PORT: '0',
      CELLPLANE_STATE_DIR: env.stateDir,
      CELLPLANE_CONFIG_TOKEN: TEST_CONFIG_TOKEN,
      CELLPLANE_QUEUE_PREFIX: env.queuePrefix,
      LOG_LEVEL: 'silent',
      TEST_TUNABLES: JSON.stringify(TUNABLES),
    },
    stdio: 'ignore',
  });
  children.push(child);

  return child;
}

async function lockWaiters(): Promise<number> {
  const { rows } = await lockHolder.query<{ n: string }>(
    "SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
  );

  return Number(rows[0]!.n);
}

async function killMidJob(child: ChildProcess, waiters: number): Promise<void> {
  // The child's publish job is inside its transaction, waiting for the
  // advisory lock this test holds: it is mid-job when it is killed.
  await waitFor(
    async () => ((await lockWaiters()) >= waiters ? true : undefined),
    60_000,
  );

  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('K19 worker crash mid-job', () => {
  it('completes a publish job whose worker was SIGKILLed mid-job; two dead processes store no extra version', async () => {
    await lockHolder.query('SELECT pg_advisory_lock($1)', [PUBLISH_LOCK_KEY]);

    await killMidJob(startChild(), 1);
    const [stalled] = await queue.getActive();
    expect(stalled).toBeDefined();

    await killMidJob(startChild(), 2);
    expect(await env.database.db.configSnapshot.count()).toBe(0);

    await lockHolder.query('SELECT pg_advisory_unlock($1)', [PUBLISH_LOCK_KEY]);
    const survivor = await env.startApi(TUNABLES);

    const state = await waitFor(async () => {
      const current = await queue.getJobState(stalled!.id!);

      return current === 'completed' || current === 'failed'
        ? current
        : undefined;
    }, 30_000);
    expect(state).toBe('completed');

    const versions = await env.database.db.configSnapshot.findMany({
      select: { version: true },
    });
    expect(versions).toEqual([{ version: 1 }]);
    expect(survivor.deps.feed.latest()?.version ?? 1).toBe(1);
  }, 120_000);
});
