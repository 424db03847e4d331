import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** One saved snapshot, as read back from the state directory. */
export interface SavedSnapshot {
  readonly file: string;
  readonly text: string;
  /** When it was written (epoch ms): the time the gateway accepted it. */
  readonly savedAt: number;
  readonly slot: 'latest' | 'previous';
}

/**
 * The state directory: the latest accepted snapshot and the one before it.
 * Writes are atomic (temp file, fsync, rename, fsync of the directory), so
 * a crash leaves either the old file or the new one, never half of one; the
 * previous file is the fallback when the latest is damaged anyway (K13).
 */
export class SnapshotFiles {
  readonly latestPath: string;

  readonly previousPath: string;

  // The latest file is rotated to "previous" only when it was verified, so a
  // damaged file never pushes the last good one out.
  private latestIsGood = false;

  constructor(private readonly dir: string) {
    this.latestPath = join(dir, 'snapshot.json');
    this.previousPath = join(dir, 'snapshot.previous.json');
  }

  /**
   * Saved snapshots, latest first; missing files are skipped, unreadable
   * ones come back empty.
   */
  async read(): Promise<SavedSnapshot[]> {
    const slots = [
      { slot: 'latest', file: this.latestPath },
      { slot: 'previous', file: this.previousPath },
    ] as const;
    const saved: SavedSnapshot[] = [];

    for (const { slot, file } of slots) {
      let text: string | null;
      let savedAt: number;
      try {
        text = await readIfPresent(file);
        if (text === null) continue;
        savedAt = (await stat(file)).mtimeMs;
      } catch {
        // Unreadable (a directory, no permission, an I/O error) is damage
        // like a corrupt file: an empty text fails verification, so the
        // other slot is still tried instead of the gateway giving up (K13).
        text = '';
        savedAt = 0;
      }

      saved.push({ file, text, savedAt, slot });
    }

    return saved;
  }

  /** Records whether the latest file on disk holds a verified snapshot. */
  markLatest(good: boolean): void {
    this.latestIsGood = good;
  }

  async save(text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });

    const temp = `${this.latestPath}.${process.pid}.tmp`;
    const handle = await open(temp, 'w', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }

    if (this.latestIsGood) {
      await rename(this.latestPath, this.previousPath).catch(ignoreMissing);
    }
    await rename(temp, this.latestPath);
    await syncDirectory(this.dir);
    this.latestIsGood = true;
  }
}

async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}

/** Makes the renames durable: a directory entry is data too. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
