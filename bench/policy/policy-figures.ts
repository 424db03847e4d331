import { z } from 'zod';

import { runPinned } from '../matrix/measure/run-pinned';
import { nodeEntry } from '../matrix/setup/start-pinned';

/** Prefix of the line measure-policy.ts prints. */
export const POLICY_JSON_MARKER = 'BENCH_POLICY_JSON';

const evaluationSchema = z.object({
  entrypoint: z.string(),
  bundleBytes: z.number().int().positive(),
  moduleBytes: z.number().int().positive(),
  evaluations: z.number().int().positive(),
  warmup: z.number().int().min(0),
  p50Us: z.number().nonnegative(),
  p99Us: z.number().nonnegative(),
  maxUs: z.number().nonnegative(),
  allowed: z.number().int().min(0),
  wrongAnswers: z.number().int().min(0),
  errors: z.number().int().min(0),
  wasmPagesBefore: z.number().int().positive(),
  wasmPagesAfter: z.number().int().positive(),
});

// packages/rego/src/measure-compile.ts prints this one line.
const compileSchema = z.object({
  lines: z.number().int().positive(),
  firstCompileMs: z.number().nonnegative(),
  medianCompileMs: z.number().nonnegative(),
  moduleBytes: z.number().int().positive(),
  functions: z.number().int().positive(),
});

export type PolicyEvaluationFigures = z.infer<typeof evaluationSchema>;
export type PolicyCompileFigures = z.infer<typeof compileSchema>;

export interface PolicyFigures {
  readonly evaluation: PolicyEvaluationFigures;
  readonly compile: PolicyCompileFigures;
}

/** Reads one marked JSON line out of a process's stdout. */
export function parseMarkedLine<T>(
  stdout: string,
  marker: string | null,
  schema: z.ZodType<T>,
): T {
  const line = stdout
    .split('\n')
    .find((each) =>
      marker === null ? each.startsWith('{') : each.startsWith(`${marker} `),
    );
  if (line === undefined) {
    throw new Error(`no ${marker ?? 'JSON'} line in the output`);
  }

  return schema.parse(
    JSON.parse(marker === null ? line : line.slice(marker.length + 1)),
  );
}

/**
 * Issue 3's in-process figures, each as its own process pinned to `cpu`:
 * evaluation of the default policy (bench/policy/measure-policy.ts) and
 * compile time and module size of the ~300-line policy
 * (packages/rego/src/measure-compile.ts, reused as it is).
 */
export async function measurePolicyFigures(
  cpu: number,
  evaluations: number,
): Promise<PolicyFigures> {
  // First: measure-compile builds the rego runtime if it is missing.
  const compile = await runPinned(
    cpu,
    process.execPath,
    nodeEntry('packages/rego/src/measure-compile.ts'),
    300_000,
  );
  const evaluation = await runPinned(
    cpu,
    process.execPath,
    [
      ...nodeEntry('bench/policy/measure-policy.ts'),
      '--evaluations',
      String(evaluations),
    ],
    300_000,
  );

  return {
    evaluation: parseMarkedLine(
      evaluation.stdout,
      POLICY_JSON_MARKER,
      evaluationSchema,
    ),
    compile: parseMarkedLine(compile.stdout, null, compileSchema),
  };
}
