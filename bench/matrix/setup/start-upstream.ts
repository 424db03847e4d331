import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import {
  verifyingKeyFromPem,
  verifySnapshot,
  type SnapshotBody,
} from '@cellplane/contract';
import { deleteQueueKeys } from '@cellplane/control-api/testing';

import {
  PUBLIC_KEY_FILE,
  SIGNING_KEY_FILE,
} from '../../../apps/control-api/src/publish/load-signing-key';
import { createCellDatabases } from '../../../apps/cell-app/src/setup/create-cell-databases';
import type { ManagedProcess } from '../../../scripts/processes/managed-process';
import { assertPortFree } from '../../../scripts/processes/assert-port-free';
import { waitForHttp } from '../../../scripts/processes/wait-for-http';
import { createBenchTopology } from './bench-topology';
import { dropDatabase } from './drop-database';
import { fetchLatestSnapshot } from './fetch-latest-snapshot';
import { freePort } from './free-port';
import { pickCellTenants } from './pick-cell-tenants';
import { nodeEntry, startPinned } from './start-pinned';

export interface BenchUpstream {
  /** The cell-app instance every configuration ends at. */
  readonly url: string;
  readonly process: ManagedProcess;
  readonly cellId: string;
  readonly tenantIds: readonly string[];
  /** The control-api's signed snapshot, as a file for `--snapshot`. */
  readonly snapshotFile: string;
  /** The snapshot's verified body, for the configurations that extend it. */
  readonly snapshotBody: SnapshotBody;
  readonly snapshotVersion: number;
  readonly tenantCount: number;
  readonly publicKeyFile: string;
  /**
   * The control-api's private signing key (its state directory), with
   * which the bench signs the snapshots it extends.
   */
  readonly signingKeyFile: string;
  /** Stops the cell-app and removes its database and the control plane's. */
  close(): Promise<void>;
}

export interface UpstreamOptions {
  readonly adminUrl: string;
  readonly redisUrl: string;
  readonly workDir: string;
  readonly logDir: string;
  readonly serverCpu: number;
  readonly tenantCount: number;
  /**
   * Hears of the clean-up as soon as there is something to clean, so an
   * interrupted set-up still stops its processes and drops its databases.
   */
  readonly onCleanUp?: (cleanUp: () => Promise<void>) => void;
}

/**
 * The real path to a ready cell-app: a seeded control-plane database, the
 * real control-api publishing and signing the first snapshot, the cell's
 * own database (createCellDatabases), and the cell-app following that
 * control-api until it holds the snapshot (`/readyz`). The control-api is
 * then stopped: its background jobs (health probes, reconcile publishes)
 * would otherwise share the CPU during measurement, and a cell keeps
 * serving from the snapshot it holds.
 */
export async function startUpstream(
  options: UpstreamOptions,
): Promise<BenchUpstream> {
  const cellPort = await freePort();
  const controlPort = await freePort();
  await assertPortFree(cellPort, 'bench cell-app');
  await assertPortFree(controlPort, 'bench control-api');

  const url = `http://127.0.0.1:${cellPort}`;
  const topology = await createBenchTopology({
    adminUrl: options.adminUrl,
    instanceUrl: url,
  });
  const token = randomBytes(24).toString('base64url');
  const queuePrefix = `bench_${randomBytes(4).toString('hex')}`;
  const stateDir = join(options.workDir, 'control-api');
  const publicKeyFile = join(stateDir, PUBLIC_KEY_FILE);
  const signingKeyFile = join(stateDir, SIGNING_KEY_FILE);
  const controlApiUrl = `http://127.0.0.1:${controlPort}`;
  const started: ManagedProcess[] = [];
  let cellDatabase: string | null = null;

  const cleanUpOnce = async () => {
    await Promise.all(started.map((child) => child.stop()));
    await topology.drop();
    if (cellDatabase !== null) {
      await dropDatabase(options.adminUrl, cellDatabase);
    }
    await deleteQueueKeys(options.redisUrl, queuePrefix);
  };
  let cleaned: Promise<void> | null = null;
  const cleanUp = () => (cleaned ??= cleanUpOnce());
  options.onCleanUp?.(cleanUp);

  try {
    const [created] = await createCellDatabases(options.adminUrl, [
      topology.cellId,
    ]);
    cellDatabase = created!.database;

    const controlApi = startPinned({
      name: 'control-api',
      cpu: options.serverCpu,
      command: process.execPath,
      args: nodeEntry('apps/control-api/src/main.ts'),
      env: {
        DATABASE_URL: topology.databaseUrl,
        REDIS_URL: options.redisUrl,
        CONTROL_API_HOST: '127.0.0.1',
        CONTROL_API_PORT: String(controlPort),
        CELLPLANE_STATE_DIR: stateDir,
        CELLPLANE_CONFIG_TOKEN: token,
        CELLPLANE_QUEUE_PREFIX: queuePrefix,
        // wrk is one client address: the plain proxy is measured with the
        // per-address limit far above what the bench can send.
        CELLPLANE_CLIENT_RATE_LIMIT: '1000000',
        LOG_LEVEL: 'warn',
      },
      logDir: options.logDir,
    });
    started.push(controlApi);
    await waitForHttp(`${controlApiUrl}/healthz`, controlApi, 120_000);

    const snapshotText = await fetchLatestSnapshot(
      controlApiUrl,
      token,
      60_000,
    );
    const body = verifiedBody(snapshotText, publicKeyFile);
    const snapshotFile = join(options.workDir, 'snapshot.json');
    writeFileSync(snapshotFile, snapshotText);

    const cellApp = startPinned({
      name: 'cell-app',
      cpu: options.serverCpu,
      command: process.execPath,
      args: nodeEntry('apps/cell-app/src/main.ts'),
      env: {
        CELL_ID: topology.cellId,
        INSTANCE_ID: topology.instanceId,
        CELL_APP_HOST: '127.0.0.1',
        CELL_APP_PORT: String(cellPort),
        CELL_DATABASE_URL: created!.url,
        CONTROL_API_URL: controlApiUrl,
        CELLPLANE_CONFIG_TOKEN: token,
        SNAPSHOT_PUBLIC_KEY_FILE: publicKeyFile,
        // With the control-api gone the cell polls for news; rarely.
        SNAPSHOT_POLL_INTERVAL_MS: '600000',
        LOG_LEVEL: 'warn',
      },
      logDir: options.logDir,
    });
    started.push(cellApp);
    await waitForHttp(`${url}/readyz`, cellApp, 120_000);

    await controlApi.stop();

    return {
      url,
      process: cellApp,
      cellId: topology.cellId,
      tenantIds: pickCellTenants(body, topology.cellId, options.tenantCount),
      snapshotFile,
      snapshotBody: body,
      snapshotVersion: body.version,
      tenantCount: body.tenants.length,
      publicKeyFile,
      signingKeyFile,
      close: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** The snapshot must verify with the key the gateway will be given. */
function verifiedBody(text: string, publicKeyFile: string): SnapshotBody {
  const key = verifyingKeyFromPem(readFileSync(publicKeyFile, 'utf8'));

  return verifySnapshot(text, { keys: [key], appliedVersion: null }).body;
}
