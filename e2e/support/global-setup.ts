import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';

import { deleteQueueKeys } from '@cellplane/control-api/testing';
import { ensureConsoleBuild } from './ensure-console-build';
import { nextBin, repo, tsxBin, webDir } from './repo-paths';
import type { ServiceProcess } from './service-process';
import { E2E_GATEWAY_ID, publishStackEnv } from './stack-env';
import { startConsole } from './start-console';
import { startControlApi } from './start-control-api';
import { startGateway } from './start-gateway';

const run = promisify(execFile);

const redisUrl = 'redis://127.0.0.1:6379';

/**
 * Starts, as real processes on free loopback ports, what the console tests
 * drive: a fresh migrated and seeded database, the control-api, one
 * gateway following it, and the built console (`next start`). Returns the
 * teardown, which stops them by the pids it started and drops what they
 * created.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stateDir = await mkdtemp(join(tmpdir(), 'cellplane-e2e-'));
  const queuePrefix = `cp-e2e-${randomBytes(4).toString('hex')}`;
  const configToken = randomBytes(24).toString('hex');
  const seedPassword = randomBytes(12).toString('base64url');
  const started: ServiceProcess[] = [];
  let database: TestDatabase | undefined;

  // Every step runs even when one fails, so nothing is left behind.
  const teardown = async () => {
    const steps = [
      ...started.reverse().map((service) => () => service.stop()),
      () => deleteQueueKeys(redisUrl, queuePrefix),
      async () => database?.drop(),
      () => rm(stateDir, { recursive: true, force: true }),
    ];
    const failures: unknown[] = [];
    for (const step of steps) await step().catch((e) => failures.push(e));
    if (failures.length > 0) {
      throw new AggregateError(failures, 'e2e teardown left something');
    }
  };

  try {
    await ensureConsoleBuild(webDir, nextBin);

    database = await createTestDatabase({ label: 'e2e_console' });
    await run(process.execPath, [tsxBin, 'prisma/seed.ts'], {
      cwd: repo,
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        CELLPLANE_SEED_PASSWORD: seedPassword,
      },
    });

    const api = await startControlApi(
      {
        databaseUrl: database.url,
        redisUrl,
        queuePrefix,
        configToken,
        stateDir: join(stateDir, 'control-api'),
        logFile: join(stateDir, 'control-api.log'),
      },
      started,
    );

    // One real gateway, so the fleet page has ACKs and versions to show.
    await startGateway(
      {
        gatewayId: E2E_GATEWAY_ID,
        controlApiUrl: api.url,
        configToken,
        publicKeyFile: api.publicKeyFile,
        stateDir: join(stateDir, 'gateway'),
        logFile: join(stateDir, 'gateway.log'),
      },
      started,
    );

    const consoleUrl = await startConsole(
      { controlApiUrl: api.url, logFile: join(stateDir, 'console.log') },
      started,
    );

    publishStackEnv({ consoleUrl, seedPassword });
  } catch (error) {
    try {
      await teardown();
    } catch (cleanupError) {
      throw new AggregateError(
        [error, cleanupError],
        'e2e setup failed, and so did its cleanup',
      );
    }
    throw error;
  }

  return teardown;
}
