import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import binaryen from 'binaryen';
import { RegoError } from './rego-error';
import { wasm } from './wasm-global';

/** What the code generator needs to know about the runtime module. */
export interface RuntimeInfo {
  bytes: Uint8Array;
  /** Names of the runtime's exported functions. */
  exports: ReadonlySet<string>;
  /** End of the runtime's static data: compiler data goes above it. */
  dataEnd: number;
  /** Internal name of the global holding where the heap starts. */
  heapBaseGlobal: string;
  /**
   * Internal names of the `cellplane.*` imports the compiler replaces with
   * generated functions: `eval`, `entrypoints`, `builtins`.
   */
  hooks: ReadonlyMap<string, string>;
  /** Internal name of the imported memory. */
  memoryName: string;
  /** Internal name of the `env.opa_abort` import. */
  abortImport: string;
  /** Existing `env.opa_builtinN` imports by arity. */
  builtinImports: ReadonlyMap<number, string>;
}

/** The runtime the runtime engineer builds (packages/rego/runtime). */
export const RUNTIME_PATH = fileURLToPath(
  new URL('../runtime/build/runtime.wasm', import.meta.url),
);

let cached: { path: string; info: RuntimeInfo } | undefined;

/** Reads and inspects the runtime module once per process. */
export function loadRuntime(path = RUNTIME_PATH): RuntimeInfo {
  if (cached?.path === path) return cached.info;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new RegoError(
      'REGO_RUNTIME',
      `cannot read the runtime module ${path} (build it with npm run -w @cellplane/rego build:runtime)`,
      undefined,
      { cause },
    );
  }
  const info = inspect(bytes);
  cached = { path, info };

  return info;
}

function inspect(bytes: Uint8Array): RuntimeInfo {
  const m = binaryen.readBinary(bytes);
  try {
    const exports = new Set<string>();
    let heapBaseGlobal: string | undefined;
    for (let i = 0; i < m.getNumExports(); i++) {
      const info = binaryen.getExportInfo(m.getExportByIndex(i));
      if (info.kind === binaryen.ExternalFunction) exports.add(info.name);
      if (info.name === 'cellplane_heap_base') heapBaseGlobal = info.value;
    }

    const hooks = new Map<string, string>();
    let abortImport: string | undefined;
    const builtinImports = new Map<number, string>();
    for (let i = 0; i < m.getNumFunctions(); i++) {
      const f = binaryen.getFunctionInfo(m.getFunctionByIndex(i));
      if (!f.module) continue;
      if (f.module === 'cellplane' && f.base) hooks.set(f.base, f.name);
      if (f.module === 'env' && f.base === 'opa_abort') abortImport = f.name;
      const builtin = /^opa_builtin(\d)$/.exec(f.base ?? '');
      if (f.module === 'env' && builtin) {
        builtinImports.set(Number(builtin[1]), f.name);
      }
    }
    const memory = binaryen.getExportInfo(m.getExport('memory'));
    const missing = ['eval', 'entrypoints', 'builtins'].filter(
      (h) => !hooks.has(h),
    );
    if (!heapBaseGlobal || missing.length > 0 || !abortImport || !memory) {
      throw new RegoError(
        'REGO_RUNTIME',
        `runtime module lacks cellplane_heap_base, env.opa_abort, the memory export or cellplane.${missing.join('/')}`,
      );
    }

    return {
      bytes,
      exports,
      dataEnd: dataEnd(bytes),
      heapBaseGlobal,
      hooks,
      memoryName: memory.value,
      abortImport,
      builtinImports,
    };
  } finally {
    m.dispose();
  }
}

/** Instantiates the runtime with inert imports to ask where its data ends. */
function dataEnd(bytes: Uint8Array): number {
  const mod = new wasm.Module(bytes);
  const imports: Record<string, Record<string, unknown>> = {};
  for (const imp of wasm.Module.imports(mod)) {
    imports[imp.module] ??= {};
    const slot = imports[imp.module] as Record<string, unknown>;
    slot[imp.name] =
      imp.kind === 'memory' ? new wasm.Memory({ initial: 2 }) : () => 0;
  }
  const instance = new wasm.Instance(mod, imports);
  const fn = instance.exports.cellplane_data_end;
  if (typeof fn !== 'function') {
    throw new RegoError(
      'REGO_RUNTIME',
      'runtime module lacks cellplane_data_end',
    );
  }

  return Number((fn as () => number)());
}
