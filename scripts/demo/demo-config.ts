import { parseArgs } from 'node:util';
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/ })
    .default('postgresql://postgres@127.0.0.1:5432/cellplane'),
  REDIS_URL: z.url({ protocol: /^redis$/ }).default('redis://127.0.0.1:6379'),
  CONTROL_API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  GATEWAY_PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  GATEWAY_ADMIN_PORT: z.coerce.number().int().min(1).max(65535).default(9090),
  WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  CELLPLANE_SEED_PASSWORD: z.string().min(8).default('cellplane-demo'),
});

export interface DemoConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly controlApiPort: number;
  readonly gatewayPort: number;
  readonly gatewayAdminPort: number;
  readonly webPort: number;
  readonly seedPassword: string;
  readonly durationSeconds: number;
  readonly concurrency: number;
  readonly exitAfterSummary: boolean;
  readonly stateDir: string;
}

/** Flags and environment of `npm run demo`, read once and frozen. */
export function readDemoConfig(argv: readonly string[]): DemoConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      exit: { type: 'boolean', default: false },
      duration: { type: 'string', default: '30' },
      concurrency: { type: 'string', default: '32' },
    },
  });

  const env = envSchema.parse(process.env);
  const durationSeconds = z.coerce
    .number()
    .int()
    .min(1)
    .max(600)
    .parse(values.duration);
  const concurrency = z.coerce
    .number()
    .int()
    .min(1)
    .max(512)
    .parse(values.concurrency);

  return Object.freeze({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    controlApiPort: env.CONTROL_API_PORT,
    gatewayPort: env.GATEWAY_PORT,
    gatewayAdminPort: env.GATEWAY_ADMIN_PORT,
    webPort: env.WEB_PORT,
    seedPassword: env.CELLPLANE_SEED_PASSWORD,
    durationSeconds,
    concurrency,
    exitAfterSummary: values.exit ?? false,
    stateDir: '.state/demo',
  });
}
