import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { createTestDatabase, type TestDatabase } from '@cellplane/db/testing';

import { deleteRedisKeys } from './delete-redis-keys';
import { ensureConsoleBuild } from './ensure-console-build';
import { freePort } from './free-port';
import { ServiceProcess } from './service-process';
import { E2E_GATEWAY_ID, publishStackEnv } from './stack-env';

const run = promisify(execFile);

const repo = fileURLToPath(new URL('../..', import.meta.url));
const webDir = join(repo, 'apps/web');
const tsxBin = join(repo, 'node_modules/tsx/dist/cli.mjs');
const nextBin = join(repo, 'node_modules/next/dist/bin/next');
const redisUrl = 'redis://127.0.0.1:6379';

/**
 * Starts, as real processes on free loopback ports, what the console tests
 * drive: a fresh migrated and seeded database, the control-api, one
 * gateway following it, and the built console (`next start`). Returns the teardown, which stops them by
 * the pids it started and drops what they created.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const stateDir = await mkdtemp(join(tmpdir(), 'cellplane-e2e-'));
  const queuePrefix = `cp-e2e-${randomBytes(4).toString('hex')}`;
  const seedPassword = randomBytes(12).toString('base64url');
  const services: ServiceProcess[] = [];
  let database: TestDatabase | undefined;

  const teardown = async () => {
    for (const service of services.reverse()) await service.stop();
    await deleteRedisKeys(redisUrl, queuePrefix);
    await database?.drop();
    await rm(stateDir, { recursive: true, force: true });
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

    const apiPort = await freePort();
    const apiStateDir = join(stateDir, 'control-api');
    const configToken = randomBytes(24).toString('hex');
    const api = new ServiceProcess({
      name: 'control-api',
      command: process.execPath,
      args: [tsxBin, 'apps/control-api/src/main.ts'],
      cwd: repo,
      logFile: join(stateDir, 'control-api.log'),
      env: {
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        CONTROL_API_HOST: '127.0.0.1',
        CONTROL_API_PORT: String(apiPort),
        CELLPLANE_STATE_DIR: apiStateDir,
        CELLPLANE_CONFIG_TOKEN: configToken,
        CELLPLANE_QUEUE_PREFIX: queuePrefix,
        LOG_LEVEL: 'warn',
      },
    });
    services.push(api);
    await api.waitForHttp(`http://127.0.0.1:${apiPort}/healthz`);

    // One real gateway, so the fleet page has ACKs and versions to show.
    const gatewayPort = await freePort();
    const gateway = new ServiceProcess({
      name: 'gateway',
      command: process.execPath,
      args: [tsxBin, 'apps/gateway/src/main.ts'],
      cwd: repo,
      logFile: join(stateDir, 'gateway.log'),
      env: {
        GATEWAY_ID: E2E_GATEWAY_ID,
        GATEWAY_HOST: '127.0.0.1',
        GATEWAY_PORT: String(gatewayPort),
        CONTROL_API_URL: `http://127.0.0.1:${apiPort}`,
        CELLPLANE_CONFIG_TOKEN: configToken,
        SNAPSHOT_PUBLIC_KEY_FILE: join(apiStateDir, 'snapshot-signing.pub.pem'),
        GATEWAY_STATE_DIR: join(stateDir, 'gateway'),
        LOG_LEVEL: 'warn',
      },
    });
    services.push(gateway);
    await gateway.waitForHttp(`http://127.0.0.1:${gatewayPort}/readyz`);

    const webPort = await freePort();
    const web = new ServiceProcess({
      name: 'console',
      command: process.execPath,
      args: [nextBin, 'start', '-p', String(webPort), '-H', '127.0.0.1'],
      cwd: webDir,
      logFile: join(stateDir, 'console.log'),
      env: {
        CONTROL_API_URL: `http://127.0.0.1:${apiPort}`,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    });
    services.push(web);
    const consoleUrl = `http://127.0.0.1:${webPort}`;
    await web.waitForHttp(`${consoleUrl}/sign-in`);

    publishStackEnv({ consoleUrl, seedPassword });
  } catch (error) {
    await teardown();
    throw error;
  }

  return teardown;
}
