import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

import type { VerifyingKey } from '@cellplane/contract';
import pg from 'pg';
import type { Logger } from 'pino';

import { TenantProvisioner } from './catalog/tenant-provisioner';
import type { CellAppConfig } from './config/cell-app-config';
import { migrateCellDatabase } from './db/migrate-cell-database';
import { createCellServer } from './http/create-cell-server';
import { PlacementFollower } from './placement/placement-follower';

export interface RunningCellApp {
  readonly server: Server;
  readonly url: string;
  readonly placement: PlacementFollower;
  readonly pool: pg.Pool;
  /** Stops taking requests, drains in-flight ones, then releases all. */
  close(drainTimeoutMs?: number): Promise<void>;
}

/**
 * Composes one instance: database pool (migrated), placement follower,
 * HTTP server. Each runner has start and close; `main.ts` wires signals.
 */
export async function startCellApp(
  config: CellAppConfig,
  keys: readonly VerifyingKey[],
  logger: Logger,
): Promise<RunningCellApp> {
  const pool = new pg.Pool({
    connectionString: config.databaseUrl,
    max: config.dbPoolMax,
    connectionTimeoutMillis: 2_000,
    statement_timeout: 5_000,
    lock_timeout: 3_000,
    idle_in_transaction_session_timeout: 10_000,
    application_name: `cell-app ${config.instanceId}`,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', (error) => {
    logger.warn({ err: error }, 'idle database connection failed');
  });

  const migrated = await migrateCellDatabase(pool).catch(async (error) => {
    await pool.end();
    throw error;
  });
  logger.info({ applied: migrated.applied }, 'cell database migrated');

  const placement = new PlacementFollower({
    cellId: config.cellId,
    instanceId: config.instanceId,
    controlApiUrl: config.controlApiUrl,
    configToken: config.configToken,
    keys,
    pollIntervalMs: config.snapshotPollIntervalMs,
    logger,
  });
  placement.start();

  const server = createCellServer({
    cellId: config.cellId,
    instanceId: config.instanceId,
    pool,
    provisioner: new TenantProvisioner(pool),
    placement,
    logger,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  return {
    server,
    url,
    placement,
    pool,
    close: async (drainTimeoutMs = 10_000) => {
      await drain(server, drainTimeoutMs);
      await placement.close();
      await pool.end();
    },
  };
}

/** Lets in-flight requests finish, cutting stragglers after the bound. */
async function drain(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();

  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  await closed;
  clearTimeout(timer);
}
