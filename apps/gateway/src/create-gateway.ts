import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from './config/gateway-config';
import { createAdminHandler } from './http/admin-handler';
import { AdminServer } from './http/admin-server';
import { GatewayServer } from './http/gateway-server';
import { ALLOW_ALL, type PolicyCheck } from './http/policy-check';
import { createProxyHandler } from './http/proxy-handler';
import {
  Degradation,
  DEGRADATION_LEVELS,
  type DegradationLevel,
} from './protection/degradation';
import { InstanceHealth } from './protection/instance-health';
import { RateLimits } from './protection/rate-limits';
import { StaleCache } from './protection/stale-cache';
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
  /** The admin listener's port (`/metrics`, `/healthz`, `/readyz`); 0 in a worker without it. */
  readonly adminPort: number;
  readonly store: SnapshotStore;
  readonly balancer: InstanceBalancer;
  readonly health: InstanceHealth;
  readonly degradation: Degradation;
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
 * 5. health checks, then the admin listener (`/metrics`);
 * 6. server: listens last, so `/readyz` is true from its first answer when
 *    a saved snapshot was restored.
 */
export interface GatewayOptions {
  /** The policy decision per request; allows all by default. */
  readonly policy?: PolicyCheck;
  /**
   * Whether this process saves snapshots and reports to the control plane
   * (default true). With several workers only the first does; every
   * worker follows, verifies and applies snapshots itself.
   */
  readonly leader?: boolean;
}

export function createGateway(
  config: GatewayConfig,
  logger: Logger,
  options: GatewayOptions = {},
): Gateway {
  const store = new SnapshotStore();
  const contact = new ControlPlaneContact({
    configured: config.controlPlane !== null,
    staleAfterMs: config.staleAfterMs,
  });
  const pools = new UpstreamPools(config.upstream);
  const health = new InstanceHealth(config.health, pools, logger);
  const balancer = new InstanceBalancer({
    breaker: config.breaker,
    isHealthy: (cellId, instanceId) => health.isHealthy(cellId, instanceId),
  });
  const degradation = new Degradation(
    (cellId) => balancer.stats(cellId),
    (cellId) => store.current?.cells.get(cellId)?.instances.length ?? 0,
    config.forcedDegradation,
  );
  const limits = new RateLimits(config.rateLimitMaxKeys);

  store.onSwap((table) => {
    pools.retain(table.instances);
    health.retain(table.cells);
    balancer.retain(table.cells);
    limits.apply(table.limits);
  });

  const levels = (): Map<string, DegradationLevel> => {
    const now = performance.now();
    const result = new Map<string, DegradationLevel>();
    for (const id of store.current?.cells.keys() ?? []) {
      result.set(id, degradation.levelOf(id, now));
    }

    return result;
  };

  let server: GatewayServer | null = null;
  const metrics = new GatewayMetrics({
    appliedVersion: () => store.current?.version ?? null,
    snapshotAcceptedAt: () => store.current?.acceptedAt ?? null,
    contactAgeSeconds: () => contact.status().lastContactAgeSeconds,
    stale: () => contact.status().stale,
    inFlight: () => server?.inFlight ?? 0,
    cellStates: () =>
      new Map([...health.all()].map(([id, cell]) => [id, cell.state])),
    cellDegradation: () =>
      new Map(
        [...levels()].map(([id, level]) => [
          id,
          DEGRADATION_LEVELS.indexOf(level),
        ]),
      ),
  });

  const leader = options.leader ?? true;
  const reporter = new SnapshotReporter({
    config: leader ? config : { ...config, controlPlane: null },
    store,
    logger,
  });
  const files = new SnapshotFiles(config.stateDir);
  const intake = new SnapshotIntake({
    store,
    files,
    keys: config.snapshotKeys,
    logger,
    metrics,
    verdicts: reporter,
    persist: leader,
    tableOptions: {
      tokenCacheSize: config.tokenCacheSize,
      defaultLimits: config.defaultLimits,
    },
  });

  const admin = createAdminHandler({
    store,
    contact,
    metrics,
    draining: () => server?.draining ?? false,
    cells: () => {
      const states = health.all();
      const result: Record<string, { health: string; level: string }> = {};
      for (const [id, level] of levels()) {
        result[id] = { health: states.get(id)?.state ?? 'unchecked', level };
      }

      return result;
    },
  });

  server = new GatewayServer({
    config,
    logger,
    admin,
    proxy: createProxyHandler({
      config,
      store,
      balancer,
      pools,
      metrics,
      logger,
      limits,
      health,
      degradation,
      stale: new StaleCache(),
      policy: options.policy ?? ALLOW_ALL,
    }),
  });
  const listener = server;
  const adminServer = leader
    ? new AdminServer({ config, logger, admin })
    : null;

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
    health,
    new SnapshotFollower({ config, store, intake, contact, logger }),
    ...(adminServer === null ? [] : [adminServer]),
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
          adminHost: config.admin.host,
          adminPort: adminServer?.port ?? null,
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
    get adminPort() {
      return adminServer?.port ?? 0;
    },
    store,
    balancer,
    health,
    degradation,
    intake,
    metrics,
  };
}
