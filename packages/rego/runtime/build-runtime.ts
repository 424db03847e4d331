import { execFile } from 'node:child_process';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { RuntimeBuildError } from './runtime-build-error';

const run = promisify(execFile);
const ascBin = createRequire(import.meta.url).resolve(
  'assemblyscript/bin/asc.js',
);

const runtimeDir = dirname(fileURLToPath(import.meta.url));
const assemblyDir = join(runtimeDir, 'assembly');

/** Where the built runtime module lives (build output, not committed). */
export const runtimeWasmPath = join(runtimeDir, 'build', 'runtime.wasm');

/**
 * The compiler flags. `--use abort=...` replaces AssemblyScript's env.abort
 * import, which the OPA SDK does not provide; the stub runtime is never
 * used because the sources allocate only through their own heap.
 */
const ascFlags = [
  'assembly/index.ts',
  '--importMemory',
  '--runtime',
  'stub',
  '--use',
  'abort=assembly/abort/runtimeAbort',
  '--optimizeLevel',
  '3',
  '--shrinkLevel',
  '0',
  '--noAssert',
];

/**
 * Compiles the AssemblyScript runtime to build/runtime.wasm with the asc
 * command line in a child process (importing the compiler into this process
 * costs seconds of module loading). The file is written under a temporary
 * name and renamed, so concurrent builds (test files run in parallel) never
 * expose a half-written module.
 */
export async function buildRuntime(): Promise<number> {
  await mkdir(dirname(runtimeWasmPath), { recursive: true });
  const temp = `${runtimeWasmPath}.${process.pid}.${Date.now()}.tmp`;
  try {
    await run(process.execPath, [ascBin, ...ascFlags, '--outFile', temp], {
      cwd: runtimeDir,
    });
  } catch (error) {
    await rm(temp, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new RuntimeBuildError(`assemblyscript failed: ${stderr.trim()}`, {
      cause: error,
    });
  }
  await rename(temp, runtimeWasmPath);

  return (await stat(runtimeWasmPath)).size;
}

async function newestSourceTime(): Promise<number> {
  const names = await readdir(assemblyDir);
  const times = await Promise.all(
    names.map(async (name) => (await stat(join(assemblyDir, name))).mtimeMs),
  );

  return Math.max(...times);
}

async function isFresh(): Promise<boolean> {
  const built = await stat(runtimeWasmPath).catch(() => undefined);

  return built !== undefined && built.mtimeMs >= (await newestSourceTime());
}

const lockPath = join(runtimeDir, 'build', '.lock');

/** A lock older than this was left by a killed build and is taken over. */
const staleLockMs = 120_000;

// Creating the lock file with O_EXCL is atomic across processes.
async function tryLock(): Promise<boolean> {
  await mkdir(dirname(lockPath), { recursive: true });
  try {
    await writeFile(lockPath, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const held = await stat(lockPath).catch(() => undefined);
    if (held && Date.now() - held.mtimeMs > staleLockMs) {
      await rm(lockPath, { force: true });
    }
    return false;
  }
}

/**
 * Builds the runtime when it is missing or older than its sources. Test
 * files run in parallel workers: one builds under a lock file while the
 * others wait for it, instead of all compiling at once.
 */
export async function ensureRuntime(): Promise<string> {
  const deadline = Date.now() + staleLockMs * 2;
  while (!(await isFresh())) {
    if (await tryLock()) {
      try {
        if (!(await isFresh())) await buildRuntime();
      } finally {
        await rm(lockPath, { force: true });
      }
      break;
    }
    if (Date.now() > deadline) {
      throw new RuntimeBuildError('timed out waiting for a runtime build');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return runtimeWasmPath;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const size = await buildRuntime();
  process.stdout.write(`${runtimeWasmPath} (${size} bytes)\n`);
}
