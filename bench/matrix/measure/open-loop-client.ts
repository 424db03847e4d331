/**
 * The open-loop load generator as its own process, so it can be pinned to
 * the load generator's core with taskset. Prints one JSON line
 * (`BENCH_OPEN_LOOP_JSON {...}`) and exits; see open-loop-run.ts.
 */
import { parseArgs } from 'node:util';

import { z } from 'zod';

import { readTokenLines, tokenHeaders } from '../tokens/token-headers';
import type { FreshPerFive } from '../tokens/token-supply';
import { OPEN_LOOP_JSON_MARKER, runOpenLoop } from './open-loop-run';

const argsSchema = z.object({
  url: z.string(),
  path: z.string().startsWith('/'),
  tenants: z.string().min(1),
  rate: z.coerce.number().positive().max(20_000),
  duration: z.coerce.number().positive().max(120),
  warmup: z.coerce.number().min(0).max(60),
  connections: z.coerce.number().int().min(1).max(1024),
  'timeout-ms': z.coerce.number().int().min(100).max(30_000),
  'pool-file': z.string().optional(),
  'fresh-file': z.string().optional(),
  'fresh-start': z.coerce.number().int().min(0).default(0),
  'fresh-per-five': z.coerce.number().int().min(0).max(5).default(0),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: Object.fromEntries(
      Object.keys(argsSchema.shape).map((name) => [name, { type: 'string' }]),
    ) as Record<keyof z.infer<typeof argsSchema>, { type: 'string' }>,
  });
  const args = argsSchema.parse(values);

  const result = await runOpenLoop({
    url: args.url,
    path: args.path,
    tenantIds: args.tenants.split(','),
    rateRps: args.rate,
    durationS: args.duration,
    warmupS: args.warmup,
    connections: args.connections,
    timeoutMs: args['timeout-ms'],
    ...(args['pool-file'] === undefined
      ? {}
      : {
          headersFor: tokenHeaders(
            readTokenLines(args['pool-file']),
            args['fresh-file'] === undefined
              ? []
              : readTokenLines(args['fresh-file']),
            args['fresh-start'],
            args['fresh-per-five'] as FreshPerFive,
          ),
        }),
  });
  process.stdout.write(`${OPEN_LOOP_JSON_MARKER} ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`open-loop: ${String(error)}\n`);
  process.exitCode = 1;
});
