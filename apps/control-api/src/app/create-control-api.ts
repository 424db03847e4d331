import type { Logger } from '@cellplane/telemetry';
import { Redis, type RedisOptions } from 'ioredis';

import { SignInThrottle } from '../auth/sign-in-throttle';
import type { Config } from '../config/load-config';
import { createDb } from '@cellplane/db';
import { createHttpServer } from '../http/create-http-server';
import { SnapshotStreams } from '../http/v1/snapshot-streams';
import { HealthStore } from '../jobs/instance-health/health-store';
import { InstanceHealthRunner } from '../jobs/instance-health/instance-health-runner';
import { loadSigningKey } from '../publish/load-signing-key';
import { snapshotChannel } from '../publish/snapshot-channel';
import { SnapshotFeed } from '../publish/snapshot-feed';
import { SnapshotPublisher } from '../publish/snapshot-publisher';
import type { ServiceDeps } from '../services/service-deps';
import { HttpRunner } from './http-runner';
import { closeRunners, startRunners, type Runner } from './runner';

export interface ControlApi {
  start(): Promise<void>;
  close(): Promise<void>;
  /** Base URL of the HTTP server, once started. */
  url(): string;
  readonly deps: ServiceDeps;
}

/**
 * Composes the control-api from its runners: database, Redis connections,
 * snapshot feed, publisher, instance health prober and HTTP server. They
 * start in that order and close in reverse, so requests stop before the
 * workers, and the workers before the connections they use.
 */
export async function createControlApi(
  config: Config,
  logger: Logger,
): Promise<ControlApi> {
  const key = await loadSigningKey(config.stateDir);
  logger.info({ keyId: key.keyId }, 'signing key loaded');

  const db = createDb(config.databaseUrl);
  // Commands fail fast while Redis is down (a change is already committed
  // and the reconcile job will publish it); only workers block and retry.
  const redis = connectRedis(config.redisUrl, logger, 'commands', {
    maxRetriesPerRequest: 2,
  });
  const subscriber = connectRedis(config.redisUrl, logger, 'subscriber');
  const publishWorkerRedis = connectRedis(
    config.redisUrl,
    logger,
    'publish-worker',
    {
      maxRetriesPerRequest: null,
    },
  );
  const healthWorkerRedis = connectRedis(
    config.redisUrl,
    logger,
    'health-worker',
    {
      maxRetriesPerRequest: null,
    },
  );
  const channel = snapshotChannel(config.queuePrefix);

  const feed = new SnapshotFeed({
    db,
    subscriber,
    channel,
    pollMs: config.snapshotPollMs,
    logger: logger.child({ runner: 'feed' }),
  });
  const publisher = new SnapshotPublisher({
    db,
    key,
    ring: config.ring,
    limits: config.limits,
    queuePrefix: config.queuePrefix,
    connection: redis,
    workerConnection: publishWorkerRedis,
    channel,
    debounceMs: config.publishDebounceMs,
    attempts: config.publishAttempts,
    reconcileMs: config.publishReconcileMs,
    lockMs: config.publishLockMs,
    stalledCheckMs: config.publishStalledCheckMs,
    logger: logger.child({ runner: 'publisher' }),
    onPublished: (snapshot) => feed.offer(snapshot),
  });
  const health = new HealthStore(redis, config.queuePrefix);
  const healthRunner = new InstanceHealthRunner({
    db,
    store: health,
    queuePrefix: config.queuePrefix,
    connection: redis,
    workerConnection: healthWorkerRedis,
    intervalMs: config.healthProbeIntervalMs,
    probe: {
      timeoutMs: config.healthProbeTimeoutMs,
      allowedHosts: config.healthProbeHosts,
    },
    logger: logger.child({ runner: 'instance-health' }),
  });

  const signInThrottle = new SignInThrottle(redis, {
    prefix: config.queuePrefix,
    maxFailures: config.signInMaxFailures,
    maxAddressFailures: config.signInMaxAddressFailures,
    maxAccountFailures: config.signInMaxAccountFailures,
    windowMs: config.signInWindowMs,
  });
  const deps: ServiceDeps = {
    config,
    db,
    publisher,
    feed,
    health,
    logger,
    signInThrottle,
  };
  const streams = new SnapshotStreams({
    feed,
    heartbeatMs: config.sseHeartbeatMs,
    logger,
  });
  const http = new HttpRunner(createHttpServer(deps, streams), streams, {
    host: config.host,
    port: config.port,
    graceMs: config.shutdownGraceMs,
  });

  const connections: Runner = {
    name: 'connections',
    start: async () => {
      await db.$connect();
    },
    close: async () => {
      await Promise.allSettled([
        redis.quit(),
        publishWorkerRedis.quit(),
        healthWorkerRedis.quit(),
      ]);
      await db.$disconnect();
    },
  };
  const runners: Runner[] = [
    connections,
    { name: 'feed', start: () => feed.start(), close: () => feed.close() },
    {
      name: 'publisher',
      start: () => publisher.start(),
      close: () => publisher.close(),
    },
    {
      name: 'instance-health',
      start: () => healthRunner.start(),
      close: () => healthRunner.close(),
    },
    http,
  ];

  return {
    deps,
    start: () => startRunners(runners, logger),
    close: () => closeRunners(runners, logger),
    url: () => http.url(),
  };
}

function connectRedis(
  url: string,
  logger: Logger,
  role: string,
  options: RedisOptions = {},
): Redis {
  const client = new Redis(url, { lazyConnect: false, ...options });

  // ioredis reconnects by itself; without a listener an outage would be an
  // unhandled 'error' event.
  client.on('error', (error) =>
    logger.warn({ redis: role, err: error }, 'redis connection error'),
  );

  return client;
}
