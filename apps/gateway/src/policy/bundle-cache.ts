import { createHash } from 'node:crypto';
import {
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  utimes,
} from 'node:fs/promises';
import { join } from 'node:path';

/** The hex part of a `sha256:<hex>` digest. */
function hexOf(digest: string): string {
  return digest.slice('sha256:'.length);
}

/** `sha256:` and the hex digest of `bytes`. */
export function digestOf(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Bundles by digest in `<stateDir>/bundles/<hex>.tar.gz`, so a gateway can
 * load its policy at boot without the control plane (K13). Content
 * addressed: every read is checked against the digest (a damaged file is
 * removed and reads as absent), every write is a temp file, fsync and
 * rename, so several workers writing the same bundle at once is harmless.
 */
export class BundleCache {
  readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'bundles');
  }

  pathOf(digest: string): string {
    return join(this.dir, `${hexOf(digest)}.tar.gz`);
  }

  /**
   * The cached bytes when present and intact, else null. `damaged` is
   * called when a file was there but did not hash to its name.
   */
  async read(
    digest: string,
    damaged?: (path: string) => void,
  ): Promise<Uint8Array | null> {
    const path = this.pathOf(digest);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }

    if (digestOf(bytes) !== digest) {
      damaged?.(path);
      await rm(path, { force: true });

      return null;
    }

    // Recently used bundles survive pruning.
    const now = new Date();
    await utimes(path, now, now).catch(() => undefined);

    return bytes;
  }

  async write(digest: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });

    const path = this.pathOf(digest);
    const temp = `${path}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  }

  /**
   * Keeps the `keep` most recently used bundles and always `active`; the
   * others go. Bundles a saved snapshot may still need are the recent ones.
   */
  async prune(keep: number, active: string): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }

    const files = await Promise.all(
      names
        .filter((name) => name.endsWith('.tar.gz'))
        .map(async (name) => {
          const path = join(this.dir, name);
          const info = await stat(path).catch(() => null);

          return { path, mtime: info?.mtimeMs ?? 0 };
        }),
    );
    files.sort((a, b) => b.mtime - a.mtime);

    const activePath = this.pathOf(active);
    for (const file of files.slice(keep)) {
      if (file.path !== activePath) await rm(file.path, { force: true });
    }
  }
}
