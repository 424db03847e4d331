import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the entry points the browser tests start. */
export const repo = fileURLToPath(new URL('../..', import.meta.url));
export const webDir = join(repo, 'apps/web');
export const tsxBin = join(repo, 'node_modules/tsx/dist/cli.mjs');
export const nextBin = join(repo, 'node_modules/next/dist/bin/next');
