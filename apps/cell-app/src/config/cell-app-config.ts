import { idSchema } from '@cellplane/contract';
import { z } from 'zod';

const logLevelSchema = z.enum([
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
]);

const postgresUrlSchema = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection string');

/**
 * Environment of one cell-app instance (one process per instance). Defaults
 * live here, beside the schema; every value points at this machine.
 */
export const cellAppEnvSchema = z.object({
  CELL_ID: idSchema,
  INSTANCE_ID: idSchema,
  CELL_APP_HOST: z.string().min(1).default('127.0.0.1'),
  CELL_APP_PORT: z.coerce.number().int().min(0).max(65_535).default(9101),
  CELL_DATABASE_URL: postgresUrlSchema,
  CELL_DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  CONTROL_API_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:4000'),
  CELLPLANE_CONFIG_TOKEN: z.string().min(1),
  SNAPSHOT_PUBLIC_KEY_FILE: z.string().min(1),
  SNAPSHOT_POLL_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
  LOG_LEVEL: logLevelSchema.default('info'),
});

export interface CellAppConfig {
  readonly cellId: string;
  readonly instanceId: string;
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly dbPoolMax: number;
  readonly controlApiUrl: string;
  readonly configToken: string;
  readonly publicKeyFile: string;
  readonly snapshotPollIntervalMs: number;
  readonly logLevel: z.infer<typeof logLevelSchema>;
}

export class CellAppConfigError extends Error {
  readonly code = 'CELL_CONFIG_INVALID';

  constructor(readonly problems: readonly string[]) {
    super(`invalid cell-app configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'CellAppConfigError';
  }
}

/** Parses the environment once at startup, listing every problem at once. */
export function loadCellAppConfig(
  env: Record<string, string | undefined>,
): CellAppConfig {
  const parsed = cellAppEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new CellAppConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.')}: ${issue.message}`,
      ),
    );
  }

  const e = parsed.data;

  return Object.freeze({
    cellId: e.CELL_ID,
    instanceId: e.INSTANCE_ID,
    host: e.CELL_APP_HOST,
    port: e.CELL_APP_PORT,
    databaseUrl: e.CELL_DATABASE_URL,
    dbPoolMax: e.CELL_DB_POOL_MAX,
    controlApiUrl: e.CONTROL_API_URL,
    configToken: e.CELLPLANE_CONFIG_TOKEN,
    publicKeyFile: e.SNAPSHOT_PUBLIC_KEY_FILE,
    snapshotPollIntervalMs: e.SNAPSHOT_POLL_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
  });
}
