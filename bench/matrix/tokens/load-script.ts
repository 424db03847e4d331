import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { LoadKind } from '../configurations/bench-configuration';
import { wrkScript, wrkTokenScript } from '../measure/wrk-script';
import {
  MIXED_FRESH_PER_FIVE,
  UNIQUE_FRESH_PER_FIVE,
  type FreshCursor,
  type FreshPerFive,
  type TokenFiles,
} from './token-supply';

/** A wrk script for one kind of load, and the arguments of its next run. */
export interface LoadScript {
  readonly file: string;
  readonly freshPerFive: FreshPerFive;
  /** Arguments after `--` for the next wrk run (where its tokens start). */
  args(): string[];
  /** Records the fresh tokens a run (warm-up included) took. */
  used(freshTokens: number): void;
}

export interface LoadScriptFile {
  readonly file: string;
  readonly freshPerFive: FreshPerFive;
}

/** Writes one wrk script per kind of load into `dir`. */
export function writeLoadScripts(options: {
  readonly dir: string;
  readonly path: string;
  readonly tenantIds: readonly string[];
  readonly tokens: TokenFiles;
}): Record<LoadKind, LoadScriptFile> {
  const { dir, path, tokens } = options;
  const write = (
    kind: LoadKind,
    freshPerFive: FreshPerFive,
    text: string,
  ): LoadScriptFile => {
    const file = join(dir, `wrk-${kind}.lua`);
    writeFileSync(file, text);

    return { file, freshPerFive };
  };
  const tokenScript = (freshPerFive: FreshPerFive) =>
    wrkTokenScript({
      path,
      poolFile: tokens.poolFile,
      freshFile: tokens.freshFile,
      freshPerFive,
    });

  return {
    'tenant-header': write(
      'tenant-header',
      0,
      wrkScript(path, options.tenantIds),
    ),
    'mixed-tokens': write(
      'mixed-tokens',
      MIXED_FRESH_PER_FIVE,
      tokenScript(MIXED_FRESH_PER_FIVE),
    ),
    'unique-tokens': write(
      'unique-tokens',
      UNIQUE_FRESH_PER_FIVE,
      tokenScript(UNIQUE_FRESH_PER_FIVE),
    ),
  };
}

/**
 * A script whose runs take their fresh tokens from `cursor`: each
 * configuration has a cursor of its own, so the fresh tokens reach one
 * gateway in file order and come round again only after all of them.
 */
export function boundScript(
  script: LoadScriptFile,
  cursor: FreshCursor,
): LoadScript {
  return {
    ...script,
    args: () => (script.freshPerFive === 0 ? [] : [String(cursor.start)]),
    used: (n) => cursor.advance(n),
  };
}
