import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';
import { createLogger } from '@cellplane/telemetry';

import {
  createControlApi,
  type ControlApi,
} from '../../src/app/create-control-api';
import type { ConfigTunables } from '../../src/config/config-defaults';
import { loadConfig } from '../../src/config/load-config';
import { deleteQueueKeys } from '../../src/testing/delete-queue-keys';
import { seedTopology } from './seed-topology';

export const TEST_CONFIG_TOKEN = 'test-config-token-0123456789';

export interface TestEnvironment {
  database: TestDatabase;
  queuePrefix: string;
  stateDir: string;
  /** Starts one more control-api process (in this process) on the same state. */
  startApi(tunables?: Partial<ConfigTunables>): Promise<ControlApi>;
  dispose(): Promise<void>;
}

/**
 * A database of its own, a unique Redis key prefix and a temp state dir for
 * one test file; every API started from it is closed by `dispose`.
 */
export async function createTestEnvironment(
  label: string,
  seed?: (database: TestDatabase) => Promise<void>,
): Promise<TestEnvironment> {
  const database = await createTestDatabase({ label });
  if (seed) await seed(database);

  const queuePrefix = `cp-test-${label}-${randomBytes(4).toString('hex')}`;
  const stateDir = await mkdtemp(join(tmpdir(), 'cp-control-api-'));
  const started: ControlApi[] = [];

  return {
    database,
    queuePrefix,
    stateDir,
    async startApi(tunables = {}) {
      const config = loadConfig(
        {
          DATABASE_URL: database.url,
          CONTROL_API_PORT: '0',
          CELLPLANE_STATE_DIR: stateDir,
          CELLPLANE_CONFIG_TOKEN: TEST_CONFIG_TOKEN,
          CELLPLANE_QUEUE_PREFIX: queuePrefix,
        },
        { healthProbeIntervalMs: 60_000, ...tunables },
      );
      const logger = createLogger({
        component: 'control-api',
        level: process.env.TEST_LOG_LEVEL ?? 'silent',
      });
      const api = await createControlApi(config, logger);
      started.push(api);
      await api.start();

      return api;
    },
    async dispose() {
      for (const api of started.reverse()) await api.close();
      await database.drop();
      await deleteQueueKeys('redis://127.0.0.1:6379', queuePrefix);
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/**
 * A test file's control-api over the seeded topology, in an environment of
 * its own; with `firstSnapshot`, once it has published its first snapshot.
 */
export async function startSeededApi(
  label: string,
  options: { readonly firstSnapshot?: boolean } = {},
): Promise<{ env: TestEnvironment; api: ControlApi }> {
  const env = await createTestEnvironment(label, (database) =>
    seedTopology(database.db),
  );
  const api = await env.startApi();
  if (options.firstSnapshot === true) {
    await waitFor(() => api.deps.feed.latest() ?? undefined);
  }

  return { env, api };
}

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;

  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
