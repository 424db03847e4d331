import { PolicyEvaluator, assembleBundle } from '@cellplane/policy/runtime';

import { AppError } from '../../errors/app-error';
import type { Actor, ServiceDeps } from '../service-deps';
import { storeBundle, type StoredBundle } from './store-bundle';

export interface BuildPolicyInput {
  /** Rego modules by file name; `_test.rego` files hold `test_` rules. */
  files: { name: string; text: string }[];
  /** The text of data.json: a JSON object, the bundle's base document. */
  data: string;
  entrypoint: string;
  revision?: string;
}

/**
 * Builds a bundle from Rego sources with the project's compiler, as
 * `cellplane policy build` and `policy test` would: the policy must
 * compile, and the tests among the files must pass. Compile errors carry
 * `file:line:col:` in the message the caller sees.
 */
export async function buildPolicy(
  deps: ServiceDeps,
  actor: Actor,
  input: BuildPolicyInput,
): Promise<StoredBundle> {
  const compiler = await loadCompiler();
  const data = parseData(input.data);
  const policy = Object.fromEntries(
    input.files
      .filter((file) => !file.name.endsWith('_test.rego'))
      .map((file) => [file.name, file.text]),
  );
  const all = Object.fromEntries(input.files.map((f) => [f.name, f.text]));

  const entrypoints = [input.entrypoint];
  const { wasm, modules } = compileOrRefuse(() =>
    compiler.compile(policy, { entrypoints }),
  );
  await runTests(compiler, all, data);

  // Activated, an entrypoint nothing defines would deny every request.
  if (!compiler.definesEntrypoint(modules, input.entrypoint)) {
    throw new AppError(
      'POLICY_ENTRYPOINT_MISSING',
      `no rule defines ${input.entrypoint}`,
      { userMessage: `no rule of the policy defines ${input.entrypoint}` },
    );
  }

  const bundle = assembleBundle(wasm, {
    entrypoints,
    revision: input.revision ?? '',
    data,
    sources: policy,
  });

  return storeBundle(deps, actor, {
    bytes: compiler.writeBundle(bundle),
    sources: { files: all, data: input.data, entrypoint: input.entrypoint },
    action: 'policy.build',
  });
}

/**
 * The compiler and bundle writer, imported on the first build rather than
 * at start: binaryen and the compiler take seconds to import, which every
 * control-api start (and most of its requests) should not pay.
 */
async function loadCompiler() {
  const [{ compile, definesEntrypoint, parseModule }, { writeBundle }] =
    await Promise.all([import('@cellplane/rego'), import('@cellplane/policy')]);

  return { compile, definesEntrypoint, parseModule, writeBundle };
}

type Compiler = Awaited<ReturnType<typeof loadCompiler>>;

function parseData(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new AppError('POLICY_DATA_INVALID', `data.json: ${message}`, {
      cause,
      userMessage: `data.json is not JSON: ${message}`,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('POLICY_DATA_INVALID', 'data.json is not an object');
  }

  return value as Record<string, unknown>;
}

/**
 * Runs every `test_` rule like `opa test`: a test passes when it is true.
 * A failing test refuses the build, naming the tests that failed.
 */
async function runTests(
  compiler: Compiler,
  sources: Record<string, string>,
  data: Record<string, unknown>,
): Promise<void> {
  const tests = compileOrRefuse(() => rulePaths(compiler, sources)).filter(
    (path) => path.split('/').at(-1)?.startsWith('test_'),
  );
  if (tests.length === 0) return;

  const wasm = compileOrRefuse(
    () => compiler.compile(sources, { entrypoints: tests }).wasm,
  );
  const evaluator = await PolicyEvaluator.load(
    assembleBundle(wasm, {
      entrypoints: tests,
      revision: 'tests',
      data,
      sources: {},
    }),
  );
  const failed = tests.filter(
    (entrypoint) => !evaluator.evaluate(undefined, entrypoint).allow,
  );
  if (failed.length > 0) {
    throw new AppError(
      'POLICY_TESTS_FAILED',
      `${failed.length} of ${tests.length} policy tests failed`,
      {
        userMessage: `policy tests failed: ${failed.join(', ')}`,
        details: failed,
      },
    );
  }
}

/** The paths of the rules the modules define, as entrypoints, once each. */
function rulePaths(
  compiler: Compiler,
  sources: Record<string, string>,
): string[] {
  const paths = Object.entries(sources)
    .flatMap(([file, text]) => compiler.parseModule(text, file).rules)
    .map((rule) => rule.path.join('/'));

  return [...new Set(paths)];
}

/** Runs a compiler step; its errors become POLICY_COMPILE_FAILED. */
function compileOrRefuse<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!isRegoError(error)) throw error;

    throw new AppError('POLICY_COMPILE_FAILED', error.message, {
      cause: error,
      userMessage: error.message,
    });
  }
}

// Checked by code, not class, across the package boundary.
function isRegoError(error: unknown): error is Error {
  const code: unknown = (error as { code?: unknown } | null)?.code;

  return (
    error instanceof Error &&
    typeof code === 'string' &&
    code.startsWith('REGO_')
  );
}
