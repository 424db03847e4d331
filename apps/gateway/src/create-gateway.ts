import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from './config/gateway-config';
import { createAdminHandler } from './http/admin-handler';
import { GatewayServer } from './http/gateway-server';
import { createProxyHandler } from './http/proxy-handler';
import { UpstreamPools } from './proxy/upstream-pools';
import { InstanceBalancer } from './routing/instance-balancer';
import type { Runner } from './runner';
import { ControlPlaneContact } from './snapshot/control-plane-contact';
import { loadBootSnapshot } from './snapshot/load-boot-snapshot';
import { SnapshotFiles } from './snapshot/snapshot-files';
import { SnapshotFollower } from './snapshot/snapshot-follower';
import { SnapshotIntake } from './snapshot/snapshot-intake';
import { SnapshotReporter } from './snapshot/snapshot-reporter';
import { SnapshotStore } from './snapshot/snapshot-store';
import { GatewayMetrics } from './telemetry/gateway-metrics';

export interface Gateway {
  /** Starts every runner in order; the gateway then listens on `port`. */
  start(): Promise<void>;
  /** Closes every runner in reverse order: drain, pools, final report. */
  close(): Promise<void>;
  readonly port: number;
  readonly store: SnapshotStore;
  readonly intake: SnapshotIntake;
  readonly metrics: GatewayMetrics;
}

/**
 * Wires the gateway's subsystems and orders their runners:
 *
 * 1. boot snapshot: serve from disk or `--snapshot` before anything else;
 * 2. reporter: ACK/NACK and heartbeats, the first one naming the version
 *    restored from disk; it closes after the pools, with a last heartbeat;
 * 3. upstream pools: closed only after the server has drained;
 * 4. follower: the control-api's stream, applied through the same intake;
 * 5. server: listens last, so `/readyz` is true from its first answer when
 *    a saved snapshot was restored.
 */
export function createGateway(config: GatewayConfig, logger: Logger): Gateway {
  const store = new SnapshotStore();
  const contact = new ControlPlaneContact({
    configured: config.controlPlane !== null,
    staleAfterMs: config.staleAfterMs,
  });
  const balancer = new InstanceBalancer();
  const pools = new UpstreamPools(config.upstream);

  store.onSwap((table) => {
    pools.retain(table.instances);
    balancer.retain(table.cells);
  });

  let server: GatewayServer | null = null;
  const metrics = new GatewayMetrics({
    appliedVersion: () => store.current?.version ?? null,
    snapshotAcceptedAt: () => store.current?.acceptedAt ?? null,
    contactAgeSeconds: () => contact.status().lastContactAgeSeconds,
    stale: () => contact.status().stale,
    inFlight: () => server?.inFlight ?? 0,
  });

  const reporter = new SnapshotReporter({ config, store, logger });
  const files = new SnapshotFiles(config.stateDir);
  const intake = new SnapshotIntake({
    store,
    files,
    keys: config.snapshotKeys,
    logger,
    metrics,
    verdicts: reporter,
  });

  server = new GatewayServer({
    config,
    logger,
    admin: createAdminHandler({
      store,
      contact,
      metrics,
      draining: () => server?.draining ?? false,
    }),
    proxy: createProxyHandler({
      config,
      store,
      balancer,
      pools,
      metrics,
      logger,
    }),
  });
  const listener = server;

  const runners: Runner[] = [
    {
      name: 'boot-snapshot',
      start: () =>
        loadBootSnapshot({
          files,
          intake,
          bootFile: config.bootSnapshotFile,
          logger,
        }),
      close: async () => undefined,
    },
    reporter,
    {
      name: 'upstream-pools',
      start: async () => undefined,
      close: () => pools.close(),
    },
    new SnapshotFollower({ config, store, intake, contact, logger }),
    listener,
  ];

  const started: Runner[] = [];

  return {
    async start() {
      for (const runner of runners) {
        await runner.start();
        started.push(runner);
      }

      logger.info(
        {
          gatewayId: config.gatewayId,
          host: config.host,
          port: listener.port,
          snapshotVersion: store.current?.version ?? null,
        },
        'gateway listening',
      );
    },

    async close() {
      while (started.length > 0) {
        const runner = started.pop()!;
        try {
          await runner.close();
        } catch (error) {
          logger.error(
            { err: error, runner: runner.name },
            'runner close failed',
          );
        }
      }
    },

    get port() {
      return listener.port;
    },
    store,
    intake,
    metrics,
  };
}
