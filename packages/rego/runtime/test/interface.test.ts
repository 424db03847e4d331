import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureRuntime } from '../build-runtime';
import { runtimeBuiltins } from '../builtin-table';
import { BUILD_TIMEOUT_MS } from './runtime-harness';

let exported: Set<string>;
let readme: string;

beforeAll(async () => {
  const bytes = await readFile(await ensureRuntime());
  exported = new Set(
    WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map(
      (e) => e.name,
    ),
  );
  readme = await readFile(
    fileURLToPath(new URL('../README.md', import.meta.url)),
    'utf8',
  );
}, BUILD_TIMEOUT_MS);

describe('the published interface', () => {
  it('maps every built-in of the table to an existing export', () => {
    for (const [name, b] of Object.entries(runtimeBuiltins)) {
      expect(exported, `${name} -> ${b.export}`).toContain(b.export);
    }
  });

  it('documents every export in README.md', () => {
    // The README abbreviates families as `opa_strings_trim` then `_trim_left`.
    const mentioned = new Set<string>();
    let family = '';
    for (const [, name] of readme.matchAll(/`([a-z_0-9]+)[`(]/g)) {
      if (!name) continue;
      if (name.startsWith('_') && family) mentioned.add(family + name);
      else {
        mentioned.add(name);
        const parts = name.split('_');
        if (parts.length > 2) family = parts.slice(0, 2).join('_');
      }
    }
    const undocumented = [...exported].filter(
      (name) => !mentioned.has(name) && name !== 'memory',
    );
    expect(undocumented).toEqual([]);
  });
});
