import { open, readFile, rename, rm } from 'node:fs/promises';

/** Where shipping stands: the next byte to ship. */
export interface DecisionCursor {
  readonly file: string;
  readonly offset: number;
}

/** What `cursor-<prefix>.json` holds: the cursor and unreported drops. */
export interface SavedCursor {
  readonly file: string | null;
  readonly offset: number;
  readonly dropped: number;
}

const NOTHING_SAVED: SavedCursor = { file: null, offset: 0, dropped: 0 };

/**
 * Reads a saved cursor. A missing file is a first start; a file that is
 * not a cursor (damaged on disk: saves are atomic) is reported through
 * `onDamage` and treated as a first start, so the log ships from its
 * oldest file again (the control plane stores each decision id once).
 */
export async function readSavedCursor(
  path: string,
  onDamage: (reason: unknown) => void,
): Promise<SavedCursor> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onDamage(error);

    return NOTHING_SAVED;
  }

  if (typeof value !== 'object' || value === null) {
    onDamage(new Error(`not an object: ${JSON.stringify(value)}`));

    return NOTHING_SAVED;
  }
  const { file, offset, dropped } = value as Record<string, unknown>;

  return {
    file: typeof file === 'string' ? file : null,
    offset: isCount(offset) ? offset : 0,
    dropped: isCount(dropped) ? dropped : 0,
  };
}

/** Writes the cursor atomically: a temp file, fsync, rename. */
export async function saveCursor(
  path: string,
  cursor: SavedCursor,
): Promise<void> {
  const temp = `${path}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(cursor));
    await handle.sync();
  } catch (error) {
    // A full disk: the previous cursor stays, and no torn temp file.
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(temp, path);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
