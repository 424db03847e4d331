import { resolve } from 'node:path';
import { limitsSchema, type Limits } from '@cellplane/contract';
import { z } from 'zod';

import { AppError } from '../errors/app-error';
import { CONFIG_DEFAULTS, type ConfigTunables } from './config-defaults';

const portSchema = z.coerce.number().int().min(0).max(65_535);

/** A comma-separated list of addresses or CIDR ranges. */
function addressListSchema(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((list) =>
      list
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .pipe(limitsSchema.shape.trustedProxies);
}

const envSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
  CONTROL_API_HOST: z.string().min(1).default('127.0.0.1'),
  CONTROL_API_PORT: portSchema.default(4000),
  CELLPLANE_STATE_DIR: z.string().min(1).default('.state/control-api'),
  CELLPLANE_CONFIG_TOKEN: z
    .string()
    .min(16, 'must be at least 16 characters')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces'),
  CELLPLANE_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 chars of A-Z, 0-9, _ or -')
    .default('cellplane'),
  CELLPLANE_CLIENT_RATE_LIMIT: z.coerce
    .number()
    .positive()
    .max(1_000_000)
    .optional(),
  CELLPLANE_TRUSTED_PROXIES: addressListSchema(''),
  CELLPLANE_CONSOLE_PROXIES: addressListSchema('127.0.0.1,::1'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
});

export interface Config extends ConfigTunables {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly host: string;
  readonly port: number;
  readonly stateDir: string;
  readonly configToken: string;
  readonly queuePrefix: string;
  readonly logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /**
   * Proxies in front of tRPC (the console's server) whose `x-forwarded-for`
   * names the browser's address, which sign-in throttling counts by.
   */
  readonly consoleProxies: readonly string[];
}

/**
 * Reads the environment once, listing every problem at once, and returns a
 * frozen config that is passed down from main; nothing else reads env.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  tunables: Partial<ConfigTunables> = {},
): Config {
  const parsed = envSchema.safeParse(env);

  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );

    throw new AppError(
      'CONFIG_INVALID',
      `invalid configuration:\n  ${problems.join('\n  ')}`,
      { cause: parsed.error, details: problems },
    );
  }

  const values = parsed.data;

  return Object.freeze({
    ...CONFIG_DEFAULTS,
    ...tunables,
    databaseUrl: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    host: values.CONTROL_API_HOST,
    port: values.CONTROL_API_PORT,
    stateDir: resolve(values.CELLPLANE_STATE_DIR),
    configToken: values.CELLPLANE_CONFIG_TOKEN,
    queuePrefix: values.CELLPLANE_QUEUE_PREFIX,
    logLevel: values.LOG_LEVEL,
    consoleProxies: values.CELLPLANE_CONSOLE_PROXIES,
    limits: edgeLimits(
      tunables.limits ?? CONFIG_DEFAULTS.limits,
      values.CELLPLANE_CLIENT_RATE_LIMIT,
      values.CELLPLANE_TRUSTED_PROXIES,
    ),
  });
}

/**
 * The limits every snapshot carries: the defaults, with the per-address
 * rate (burst twice the rate) and the trusted proxies an operator set.
 */
function edgeLimits(
  defaults: Limits,
  clientRate: number | undefined,
  trustedProxies: string[],
): Limits {
  const perClientIp =
    clientRate === undefined
      ? defaults.perClientIp
      : { ratePerSecond: clientRate, burst: Math.ceil(clientRate * 2) };

  return { ...defaults, perClientIp, trustedProxies };
}
