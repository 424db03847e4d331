import { execFile } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function newestSourceTime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory()
      ? await newestSourceTime(path)
      : (await stat(path)).mtimeMs;
    newest = Math.max(newest, time);
  }

  return newest;
}

async function buildTime(webDir: string): Promise<number | null> {
  try {
    return (await stat(join(webDir, '.next', 'BUILD_ID'))).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Runs `next build` unless a build newer than every console source file
 * exists: the tests drive `next start`, which serves only what was built.
 */
export async function ensureConsoleBuild(
  webDir: string,
  nextBin: string,
): Promise<void> {
  const built = await buildTime(webDir);
  const sources = Math.max(
    await newestSourceTime(join(webDir, 'src')),
    (await stat(join(webDir, 'next.config.ts'))).mtimeMs,
  );
  if (built !== null && built > sources) return;

  await run(process.execPath, [nextBin, 'build'], {
    cwd: webDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
}
