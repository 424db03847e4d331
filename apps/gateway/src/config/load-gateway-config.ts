import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

import {
  idSchema,
  verifyingKeyFromPem,
  type VerifyingKey,
} from '@cellplane/contract';
import { z } from 'zod';

import { parseForcedLevels } from '../protection/degradation';
import { ConfigError } from './config-error';
import {
  DEFAULT_TENANT_LIMITS,
  GATEWAY_DEFAULTS as D,
  type GatewayConfig,
} from './gateway-config';

const milliseconds = (fallback: number) =>
  z.coerce.number().int().min(1).max(600_000).default(fallback);

const count = (fallback: number, max: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

const envSchema = z.object({
  GATEWAY_ID: idSchema.default(D.gatewayId),
  GATEWAY_HOST: z.string().min(1).default(D.host),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65_535).default(D.port),
  CONTROL_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  CELLPLANE_CONFIG_TOKEN: z.string().min(1).optional(),
  CONTROL_API_POLL_INTERVAL_MS: milliseconds(D.pollIntervalMs),
  SNAPSHOT_PUBLIC_KEY_FILE: z.string().min(1, 'is required'),
  GATEWAY_STATE_DIR: z.string().min(1).default(D.stateDir),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default(D.logLevel),
  GATEWAY_CONNECT_TIMEOUT_MS: milliseconds(D.connectTimeoutMs),
  GATEWAY_UPSTREAM_TIMEOUT_MS: milliseconds(D.totalTimeoutMs),
  GATEWAY_UPSTREAM_CONNECTIONS: z.coerce
    .number()
    .int()
    .min(1)
    .max(4096)
    .default(D.connectionsPerInstance),
  GATEWAY_KEEP_ALIVE_TIMEOUT_MS: milliseconds(D.keepAliveTimeoutMs),
  GATEWAY_DRAIN_TIMEOUT_MS: milliseconds(D.drainTimeoutMs),
  GATEWAY_STALE_AFTER_MS: milliseconds(D.staleAfterMs),
  GATEWAY_HEARTBEAT_INTERVAL_MS: milliseconds(D.heartbeatIntervalMs),
  GATEWAY_RETRY_AFTER_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(3600)
    .default(D.retryAfterSeconds),
  GATEWAY_ADMIN_HOST: z.string().min(1).default(D.adminHost),
  GATEWAY_ADMIN_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  GATEWAY_TOKEN_CACHE_SIZE: count(D.tokenCacheSize, 1_000_000),
  GATEWAY_CLIENT_RATE_PER_SECOND: z.coerce
    .number()
    .positive()
    .max(1_000_000)
    .default(D.clientRatePerSecond),
  GATEWAY_CLIENT_BURST: count(D.clientBurst, 10_000_000),
  GATEWAY_RATE_LIMIT_MAX_KEYS: count(D.rateLimitMaxKeys, 10_000_000),
  GATEWAY_HEALTH_CHECKS: z.enum(['on', 'off']).default('on'),
  GATEWAY_HEALTH_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9._~/-]*$/, 'must be a plain path')
    .default(D.healthPath),
  GATEWAY_HEALTH_INTERVAL_MS: milliseconds(D.healthIntervalMs),
  GATEWAY_HEALTH_TIMEOUT_MS: milliseconds(D.healthTimeoutMs),
  GATEWAY_HEALTH_UNHEALTHY_THRESHOLD: count(D.healthUnhealthyThreshold, 100),
  GATEWAY_HEALTH_HEALTHY_THRESHOLD: count(D.healthHealthyThreshold, 100),
  GATEWAY_BREAKER_FAILURE_RATE: z.coerce
    .number()
    .gt(0)
    .max(1)
    .default(D.breakerFailureRate),
  GATEWAY_BREAKER_MIN_REQUESTS: count(D.breakerMinimumRequests, 1_000_000),
  GATEWAY_BREAKER_OPEN_MS: milliseconds(D.breakerOpenMs),
  GATEWAY_BREAKER_MAX_OPEN_MS: milliseconds(D.breakerMaxOpenMs),
  GATEWAY_BREAKER_PROBE_INTERVAL_MS: milliseconds(D.breakerProbeIntervalMs),
  GATEWAY_BREAKER_SUCCESSES_TO_CLOSE: count(D.breakerSuccessesToClose, 100),
  GATEWAY_FORCED_DEGRADATION: z.string().default(''),
  GATEWAY_BUNDLE_FETCH_TIMEOUT_MS: milliseconds(D.bundleFetchTimeoutMs),
  GATEWAY_BUNDLE_FETCH_ATTEMPTS: count(D.bundleFetchAttempts, 10),
  // 0 turns the cache off; at most 1 GiB of input text.
  GATEWAY_DECISION_CACHE_CHARS: z.coerce
    .number()
    .int()
    .min(0)
    .max(1024 * 1024 * 1024)
    .default(D.decisionCacheChars),
  GATEWAY_DECISION_LOG_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(64 * 1024)
    .max(1024 ** 4)
    .default(D.decisionLogMaxBytes),
  GATEWAY_DECISION_LOG_FILE_BYTES: z.coerce
    .number()
    .int()
    .min(4096)
    .max(1024 ** 3)
    .default(D.decisionLogFileBytes),
  GATEWAY_DECISION_SHIP_INTERVAL_MS: milliseconds(D.decisionShipIntervalMs),
  GATEWAY_WORKERS: z.coerce.number().int().min(1).max(256).optional(),
});

/**
 * Parses the environment and the command line once, reporting every problem
 * at once, then reads the snapshot public key so a bad key stops startup
 * instead of every snapshot being refused later.
 */
export function loadGatewayConfig(
  env: Readonly<Record<string, string | undefined>>,
  argv: readonly string[],
): GatewayConfig {
  const problems: string[] = [];

  const flags = parseFlags(argv, problems);
  const parsed = envSchema.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join('.')}: ${issue.message}`);
    }
  }

  const values = parsed.success ? parsed.data : null;
  if (values?.CONTROL_API_URL && !values.CELLPLANE_CONFIG_TOKEN) {
    problems.push('CELLPLANE_CONFIG_TOKEN: is required with CONTROL_API_URL');
  }

  const forced = parseForcedLevels(values?.GATEWAY_FORCED_DEGRADATION ?? '');
  if (typeof forced === 'string') {
    problems.push(`GATEWAY_FORCED_DEGRADATION: ${forced}`);
  }

  const key = values ? readPublicKey(values.SNAPSHOT_PUBLIC_KEY_FILE) : null;
  if (typeof key === 'string') problems.push(key);

  if (
    !values ||
    typeof key !== 'object' ||
    key === null ||
    typeof forced === 'string' ||
    problems.length
  ) {
    throw new ConfigError(problems);
  }

  return Object.freeze({
    gatewayId: values.GATEWAY_ID,
    host: values.GATEWAY_HOST,
    port: values.GATEWAY_PORT,
    admin: Object.freeze({
      host: values.GATEWAY_ADMIN_HOST,
      // Two gateways on one machine (tests, bench) must not fight over
      // 9090: without GATEWAY_ADMIN_PORT only the default tenant port
      // implies the default admin port.
      port:
        values.GATEWAY_ADMIN_PORT ??
        (values.GATEWAY_PORT === D.port ? D.adminPort : 0),
    }),
    controlPlane:
      values.CONTROL_API_URL && values.CELLPLANE_CONFIG_TOKEN
        ? Object.freeze({
            url: values.CONTROL_API_URL.replace(/\/+$/, ''),
            token: values.CELLPLANE_CONFIG_TOKEN,
            pollIntervalMs: values.CONTROL_API_POLL_INTERVAL_MS,
          })
        : null,
    snapshotKeys: Object.freeze([key]),
    stateDir: values.GATEWAY_STATE_DIR,
    bootSnapshotFile: flags.snapshot ?? null,
    logLevel: values.LOG_LEVEL,
    upstream: Object.freeze({
      connectTimeoutMs: values.GATEWAY_CONNECT_TIMEOUT_MS,
      totalTimeoutMs: values.GATEWAY_UPSTREAM_TIMEOUT_MS,
      connectionsPerInstance: values.GATEWAY_UPSTREAM_CONNECTIONS,
      keepAliveTimeoutMs: values.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
    }),
    drainTimeoutMs: values.GATEWAY_DRAIN_TIMEOUT_MS,
    staleAfterMs: values.GATEWAY_STALE_AFTER_MS,
    heartbeatIntervalMs: values.GATEWAY_HEARTBEAT_INTERVAL_MS,
    retryAfterSeconds: values.GATEWAY_RETRY_AFTER_SECONDS,
    tokenCacheSize: values.GATEWAY_TOKEN_CACHE_SIZE,
    defaultLimits: Object.freeze({
      perClientIp: Object.freeze({
        ratePerSecond: values.GATEWAY_CLIENT_RATE_PER_SECOND,
        burst: values.GATEWAY_CLIENT_BURST,
      }),
      perTenant: DEFAULT_TENANT_LIMITS,
      trustedProxies: [],
    }),
    rateLimitMaxKeys: values.GATEWAY_RATE_LIMIT_MAX_KEYS,
    forcedDegradation: forced,
    workers: values.GATEWAY_WORKERS ?? availableParallelism(),
    health: Object.freeze({
      enabled: values.GATEWAY_HEALTH_CHECKS === 'on',
      path: values.GATEWAY_HEALTH_PATH,
      intervalMs: values.GATEWAY_HEALTH_INTERVAL_MS,
      timeoutMs: values.GATEWAY_HEALTH_TIMEOUT_MS,
      unhealthyThreshold: values.GATEWAY_HEALTH_UNHEALTHY_THRESHOLD,
      healthyThreshold: values.GATEWAY_HEALTH_HEALTHY_THRESHOLD,
    }),
    policy: Object.freeze({
      fetchTimeoutMs: values.GATEWAY_BUNDLE_FETCH_TIMEOUT_MS,
      fetchAttempts: values.GATEWAY_BUNDLE_FETCH_ATTEMPTS,
      decisionCacheChars: values.GATEWAY_DECISION_CACHE_CHARS,
    }),
    decisions: Object.freeze({
      maxBytes: values.GATEWAY_DECISION_LOG_MAX_BYTES,
      fileBytes: values.GATEWAY_DECISION_LOG_FILE_BYTES,
      shipIntervalMs: values.GATEWAY_DECISION_SHIP_INTERVAL_MS,
    }),
    breaker: Object.freeze({
      failureRateThreshold: values.GATEWAY_BREAKER_FAILURE_RATE,
      minimumRequests: values.GATEWAY_BREAKER_MIN_REQUESTS,
      openMs: values.GATEWAY_BREAKER_OPEN_MS,
      maxOpenMs: values.GATEWAY_BREAKER_MAX_OPEN_MS,
      probeIntervalMs: values.GATEWAY_BREAKER_PROBE_INTERVAL_MS,
      successesToClose: values.GATEWAY_BREAKER_SUCCESSES_TO_CLOSE,
    }),
  });
}

function parseFlags(
  argv: readonly string[],
  problems: string[],
): { snapshot?: string } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { snapshot: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    });

    return values;
  } catch (error) {
    problems.push(`command line: ${(error as Error).message}`);

    return {};
  }
}

/** An empty variable means "not set", as in most shells' `VAR= cmd`. */
function withoutEmptyValues(
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const entries = Object.entries(env).filter(
    (entry): entry is [string, string] =>
      entry[1] !== undefined && entry[1] !== '',
  );

  return Object.fromEntries(entries);
}

function readPublicKey(file: string): VerifyingKey | string {
  try {
    return verifyingKeyFromPem(readFileSync(file, 'utf8'));
  } catch (error) {
    return `SNAPSHOT_PUBLIC_KEY_FILE: cannot use ${file}: ${(error as Error).message}`;
  }
}
