import type { Module } from './ast';
import { generate } from './codegen';
import type { Plan } from './ir';
import { parseModule } from './parser';
import { plan } from './planner';
import { loadRuntime } from './runtime-module';

export interface CompileOptions {
  /** Entrypoints as slash paths under data, e.g. `cellplane/authz/allow`. */
  entrypoints: string[];
  /** Path of runtime.wasm; defaults to the one built in packages/rego. */
  runtimePath?: string;
  /** Optimize the generated functions (default true). */
  optimize?: boolean;
  /** Validate the module with binaryen, for tests (default false). */
  validate?: boolean;
}

export interface CompileResult {
  wasm: Uint8Array;
  plan: Plan;
  modules: Module[];
}

/** Compiles Rego sources (file name to text) to an OPA ABI module. */
export function compile(
  sources: Record<string, string>,
  options: CompileOptions,
): CompileResult {
  const runtime = loadRuntime(options.runtimePath);
  const modules = Object.entries(sources).map(([file, text]) =>
    parseModule(text, file),
  );
  const planned = plan(modules, {
    entrypoints: options.entrypoints,
    runtimeExports: runtime.exports,
  });
  const wasm = generate(planned, runtime, {
    optimize: options.optimize ?? true,
    validate: options.validate ?? false,
  });

  return { wasm, plan: planned, modules };
}
