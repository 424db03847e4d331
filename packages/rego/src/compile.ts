import type { Module } from './ast';
import { generate } from './codegen';
import { collectInputPaths, INPUT_PATHS_SECTION } from './input-paths';
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
  /**
   * The input paths the modules read (`collectInputPaths`), null for the
   * whole input; also in the module's `cellplane.input_paths` section.
   */
  inputPaths: string[][] | null;
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
  const inputPaths = collectInputPaths(modules);
  const wasm = generate(planned, runtime, {
    optimize: options.optimize ?? true,
    validate: options.validate ?? false,
    // Absent when the whole input is read: a module without the section
    // (one `opa build` made, say) is read the same way.
    customSections:
      inputPaths === null
        ? []
        : [{ name: INPUT_PATHS_SECTION, text: JSON.stringify(inputPaths) }],
  });

  return { wasm, plan: planned, modules, inputPaths };
}
