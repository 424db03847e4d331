import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { compile, definesEntrypoint } from '@cellplane/rego';
import { assembleBundle, type Bundle } from './bundle';
import { PolicyError } from './policy-error';
import { mergeAt } from './read-bundle';
import { readJsonFile } from './read-json-file';

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
      mergeAt(data, file.split('/').slice(0, -1), readJsonFile(path), file);
    }
  }
  if (Object.keys(sources).length === 0) {
    throw new PolicyError('POLICY_NO_SOURCES', `no .rego file in ${dir}`);
  }

  const { wasm, modules } = compile(
    Object.fromEntries(
      Object.entries(sources).map(([f, s]) => [join(dir, f), s]),
    ),
    { entrypoints: options.entrypoints, optimize: options.optimize ?? true },
  );

  for (const entrypoint of options.entrypoints) {
    if (!definesEntrypoint(modules, entrypoint)) {
      throw new PolicyError(
        'POLICY_ENTRYPOINT_UNDEFINED',
        `no rule defines the entrypoint ${entrypoint}`,
      );
    }
  }

  return assembleBundle(wasm, {
    entrypoints: options.entrypoints,
    revision: options.revision ?? '',
    data,
    sources,
  });
}
