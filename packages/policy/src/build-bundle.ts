import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { compile } from '@cellplane/rego';
import { assembleBundle, type Bundle } from './bundle';
import { mergeAt } from './read-bundle';

export interface BuildOptions {
  /** Entrypoints as slash paths, e.g. `cellplane/authz/allow`. */
  entrypoints: string[];
  revision?: string;
  optimize?: boolean;
}

/** Lists files under `dir` as paths relative to it, in a stable order. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      if (name.startsWith('.')) continue;
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);

  return out;
}

/**
 * Builds a bundle from a folder of `.rego` files (tests, `_test.rego`,
 * left out) and `data.json` files, like `opa build -t wasm -e ... <dir>`.
 */
export function buildBundle(dir: string, options: BuildOptions): Bundle {
  const files = listFiles(dir);
  const sources: Record<string, string> = {};
  const data: Record<string, unknown> = {};

  for (const file of files) {
    const path = join(dir, file);
    if (file.endsWith('.rego') && !file.endsWith('_test.rego')) {
      sources[file] = readFileSync(path, 'utf8');
    } else if (file === 'data.json' || file.endsWith('/data.json')) {
      const value: unknown = JSON.parse(readFileSync(path, 'utf8'));
      mergeAt(data, file.split('/').slice(0, -1), value, file);
    }
  }

  const { wasm } = compile(
    Object.fromEntries(
      Object.entries(sources).map(([f, s]) => [join(dir, f), s]),
    ),
    { entrypoints: options.entrypoints, optimize: options.optimize ?? true },
  );

  return assembleBundle(wasm, {
    entrypoints: options.entrypoints,
    revision: options.revision ?? '',
    data,
    sources,
  });
}
