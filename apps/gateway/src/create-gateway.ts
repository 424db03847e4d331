import { join } from 'node:path';

import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from './config/gateway-config';
import { DecisionLog } from './decisions/decision-log';
import { DecisionShipper } from './decisions/decision-shipper';
import { OrphanedDecisionLogs } from './decisions/orphaned-decision-logs';
import { inClusterWorker } from './cluster/cluster-metrics';
import { gatewayReady, reportReadiness } from './cluster/cluster-readiness';
import { createAdminHandler, localUnreadiness } from './http/admin-handler';
import { AdminServer } from './http/admin-server';
import { GatewayServer } from './http/gateway-server';
import { createPolicyGate, type PolicyCheck } from './http/policy-check';
import { createProxyHandler } from './http/proxy-handler';
import { BundleCache } from './policy/bundle-cache';
import { PolicyLoader } from './policy/policy-loader';
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
import { PolicyMetrics } from './telemetry/policy-metrics';

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
  readonly policyMetrics: PolicyMetrics;
  readonly decisionLog: DecisionLog;
  readonly decisionShipper: DecisionShipper;
}

/**
 * Wires the gateway's subsystems and orders their runners:
 *
 * 0. decision log: open first, closed last;
 * 1. boot snapshot: serve from disk or `--snapshot` before anything else,
 *    its policy bundle from the state dir's cache (or the control-api);
 * 2. reporter: ACK/NACK and heartbeats, the first one naming the version
 *    restored from disk; it closes after the pools, with a last heartbeat;
 * 3. upstream pools: closed only after the server has drained;
 * 4. decision shipper, then the follower: the control-api's stream,
 *    applied through the same intake;
 * 5. health checks, then the admin listener (`/metrics`);
 * 6. server: listens last, so `/readyz` is true from its first answer when
 *    a saved snapshot was restored.
 */
export interface GatewayOptions {
  /**
   * A local decision per request, used only while the snapshot has no
   * `policy` section (embedders, tests); without it such a snapshot
   * evaluates no policy.
   */
  readonly policy?: PolicyCheck;
  /**
   * This worker's index (0 leads); names its decision log files, which
   * no other worker touches.
   */
  readonly workerIndex?: number;
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
    // The snapshot's forced levels, with GATEWAY_FORCED_DEGRADATION (the
    // operator on this machine) winning for the cells it names.
    degradation.force(
      new Map([...table.forcedDegradation, ...config.forcedDegradation]),
    );
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

  const policyMetrics: PolicyMetrics = new PolicyMetrics(metrics.registry, {
    revision: () => store.current?.policy?.revision ?? null,
    // Read at scrape time, once the log below exists.
    backlogBytes: () => decisionLog.backlogBytes(),
  });
  // Each worker keeps its share of the disk bound, in at least two files.
  const decisionBytes = Math.floor(config.decisions.maxBytes / config.workers);
  const decisionLog: DecisionLog = new DecisionLog({
    dir: join(config.stateDir, 'decisions'),
    prefix: `w${options.workerIndex ?? 0}`,
    gatewayId: config.gatewayId,
    maxBytes: decisionBytes,
    fileBytes: Math.min(
      config.decisions.fileBytes,
      Math.floor(decisionBytes / 2),
    ),
    logger,
    metrics: policyMetrics,
  });
  const decisionShipper = new DecisionShipper({
    log: decisionLog,
    controlPlane: config.controlPlane,
    gatewayId: config.gatewayId,
    intervalMs: config.decisions.shipIntervalMs,
    logger,
    metrics: policyMetrics,
  });
  const orphanedDecisions =
    (options.leader ?? true)
      ? new OrphanedDecisionLogs({
          dir: join(config.stateDir, 'decisions'),
          workers: config.workers,
          gatewayId: config.gatewayId,
          maxBytes: decisionBytes,
          fileBytes: config.decisions.fileBytes,
          controlPlane: config.controlPlane,
          shipIntervalMs: config.decisions.shipIntervalMs,
          logger,
          metrics: policyMetrics,
        })
      : null;
  // Every worker loads its own evaluator: from the cache, else fetched and
  // cached by whichever worker gets there first (content addressed, so
  // concurrent writes of one bundle are harmless).
  const policies = new PolicyLoader({
    cache: new BundleCache(config.stateDir),
    controlPlane: config.controlPlane,
    fetchTimeoutMs: config.policy.fetchTimeoutMs,
    fetchAttempts: config.policy.fetchAttempts,
    decisionCacheChars: config.policy.decisionCacheChars,
    logger,
    metrics: policyMetrics,
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
    policies,
    tableOptions: {
      tokenCacheSize: config.tokenCacheSize,
      defaultLimits: config.defaultLimits,
    },
  });

  const draining = (): boolean => server?.draining ?? false;
  // Under node:cluster `/readyz` speaks for every worker, not this one.
  if (inClusterWorker()) {
    const report = reportReadiness(() => ({
      ready: localUnreadiness({ store, draining }) === null,
      version: store.current?.version ?? null,
    }));
    store.onSwap(report);
  }
  const admin = createAdminHandler({
    store,
    contact,
    metrics,
    draining,
    ...(inClusterWorker() ? { gatewayReady } : {}),
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
      policy: createPolicyGate({
        metrics: policyMetrics,
        decisions: decisionLog,
        local: options.policy ?? null,
      }),
      decisionLog,
    }),
  });
  const listener = server;
  const adminServer = leader
    ? new AdminServer({ config, logger, admin })
    : null;

  const runners: Runner[] = [
    decisionLog,
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
    decisionShipper,
    ...(orphanedDecisions === null ? [] : [orphanedDecisions]),
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
    policyMetrics,
    decisionLog,
    decisionShipper,
  };
}
