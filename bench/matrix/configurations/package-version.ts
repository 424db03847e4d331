import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The installed version of a root dependency, for the report. */
export function packageVersion(name: string): string {
  const manifest = JSON.parse(
    readFileSync(join('node_modules', name, 'package.json'), 'utf8'),
  ) as { version?: string };

  return manifest.version ?? 'unknown';
}
