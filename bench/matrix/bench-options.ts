import { parseArgs } from 'node:util';

import { z } from 'zod';

const optionsSchema = z.object({
  runs: z.coerce.number().int().min(1).max(9),
  duration: z.coerce.number().int().min(1).max(120),
  warmup: z.coerce.number().int().min(0).max(60),
  connections: z.coerce.number().int().min(1).max(1024),
  tenants: z.coerce.number().int().min(1).max(1000),
  'open-loop-rate': z.coerce.number().int().min(1).max(20_000),
  'open-loop-duration': z.coerce.number().int().min(1).max(120),
  'open-loop-warmup': z.coerce.number().int().min(0).max(60),
  'load-cpu': z.coerce.number().int().min(0),
  'server-cpu': z.coerce.number().int().min(0),
  'pool-tokens': z.coerce.number().int().min(1).max(100_000),
  'fresh-tokens': z.coerce.number().int().min(1).max(500_000),
  'policy-evaluations': z.coerce.number().int().min(1_000).max(1_000_000),
  out: z.string().min(1),
  doc: z.string().min(1),
});

const envSchema = z.object({
  /** Set by scripts/bench.sh when it runs an exported revision. */
  BENCH_COMMAND: z.string().min(1).optional(),
  BENCH_REVISION: z
    .string()
    .regex(/^[0-9a-f]{40}$/, { message: 'must be a full commit id' })
    .optional(),
  BENCH_ADMIN_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/(127\.0\.0\.1|localhost)[:/]/, {
      message: 'must be a postgres:// URL on loopback',
    })
    .default('postgresql://postgres@127.0.0.1:5432/postgres'),
  REDIS_URL: z
    .string()
    .regex(/^redis:\/\/(127\.0\.0\.1|localhost)[:/]?/, {
      message: 'must be a redis:// URL on loopback',
    })
    .default('redis://127.0.0.1:6379'),
});

/** Defaults: the whole bench in about 10 minutes on 2 cores. */
export const BENCH_DEFAULTS = {
  runs: '3',
  duration: '10',
  warmup: '3',
  connections: '32',
  tenants: '8',
  'open-loop-rate': '1000',
  'open-loop-duration': '5',
  'open-loop-warmup': '1',
  'load-cpu': '0',
  'server-cpu': '1',
  'pool-tokens': '1000',
  'fresh-tokens': '250000',
  'policy-evaluations': '100000',
  out: 'bench/results/latest.json',
  doc: 'docs/BENCHMARKS.md',
} as const;

export interface BenchOptions {
  readonly runs: number;
  readonly durationS: number;
  readonly warmupS: number;
  readonly connections: number;
  readonly tenantCount: number;
  readonly openLoop: {
    readonly rateRps: number;
    readonly durationS: number;
    readonly warmupS: number;
  };
  readonly loadCpu: number;
  readonly serverCpu: number;
  /** Tokens reused round-robin (60 % of token requests). */
  readonly poolTokens: number;
  /** Tokens minted to be sent once each (bounded; wraps, counted). */
  readonly freshTokens: number;
  readonly policyEvaluations: number;
  readonly outFile: string;
  readonly docFile: string;
  readonly adminDatabaseUrl: string;
  readonly redisUrl: string;
  /** The command as typed, for the report. */
  readonly command: string;
  /** The commit measured when the bench runs an exported revision. */
  readonly revision: string | null;
}

/** Flags of `npm run bench -- ...` and the environment, read once. */
export function readBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cpus: number,
): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: Object.fromEntries(
      Object.entries(BENCH_DEFAULTS).map(([name, value]) => [
        name,
        { type: 'string', default: value },
      ]),
    ) as Record<
      keyof typeof BENCH_DEFAULTS,
      { type: 'string'; default: string }
    >,
    strict: true,
  });
  const flags = optionsSchema.parse(values);
  const vars = envSchema.parse(env);

  // On one CPU the load generator and the servers can only share it.
  const loadCpu = Math.min(flags['load-cpu'], cpus - 1);
  const serverCpu = Math.min(flags['server-cpu'], cpus - 1);

  return Object.freeze({
    runs: flags.runs,
    durationS: flags.duration,
    warmupS: flags.warmup,
    connections: flags.connections,
    tenantCount: flags.tenants,
    openLoop: Object.freeze({
      rateRps: flags['open-loop-rate'],
      durationS: flags['open-loop-duration'],
      warmupS: flags['open-loop-warmup'],
    }),
    loadCpu,
    serverCpu,
    poolTokens: flags['pool-tokens'],
    freshTokens: flags['fresh-tokens'],
    policyEvaluations: flags['policy-evaluations'],
    outFile: flags.out,
    docFile: flags.doc,
    adminDatabaseUrl: vars.BENCH_ADMIN_DATABASE_URL,
    redisUrl: vars.REDIS_URL,
    command:
      vars.BENCH_COMMAND ??
      ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
    revision: vars.BENCH_REVISION ?? null,
  });
}
