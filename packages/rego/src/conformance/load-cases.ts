import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

/** One case of OPA's Rego conformance suite (see its README). */
export interface ConformanceCase {
  note: string;
  dir: string;
  query: string;
  modules?: string[];
  data?: unknown;
  input?: unknown;
  input_term?: string;
  want_result?: Record<string, unknown>[];
  want_defined?: boolean;
  want_error_code?: string;
  want_error?: string;
  strict_error?: boolean;
  /** OPA's harness sorts each array binding (JSON order) before comparing. */
  sort_bindings?: boolean;
  env?: Record<string, string>;
}

/** Reads every case under `root` (e.g. /work/shared/opa-cases/v1). */
export function loadCases(root: string): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dir of readdirSync(root).sort()) {
    const path = join(root, dir);
    let files: string[];
    try {
      files = readdirSync(path).filter((f) => /\.ya?ml$/.test(f));
    } catch {
      continue;
    }
    for (const file of files.sort()) {
      const doc = parse(readFileSync(join(path, file), 'utf8'), {
        intAsBigInt: false,
      }) as { cases?: Omit<ConformanceCase, 'dir'>[] };
      for (const c of doc.cases ?? []) cases.push({ ...c, dir });
    }
  }

  return cases;
}

/** `wasm-exceptions.yaml` next to `root`: cases OPA's own Wasm target skips. */
export function loadWasmExceptions(root: string): Map<string, string> {
  try {
    const text = readFileSync(
      join(dirname(root), 'wasm-exceptions.yaml'),
      'utf8',
    );
    const doc = parse(text) as Record<string, string> | null;
    return new Map(Object.entries(doc ?? {}));
  } catch {
    return new Map();
  }
}
