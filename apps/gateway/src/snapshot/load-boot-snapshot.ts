import { readFile } from 'node:fs/promises';

import type { Logger } from '@cellplane/telemetry';

import type { SnapshotFiles } from './snapshot-files';
import type { SnapshotIntake } from './snapshot-intake';

/**
 * Serves before the control plane answers, or without it (K13): the latest
 * saved snapshot, else the previous saved one when the latest is damaged,
 * then the `--snapshot` file if it is newer than either. Each is verified
 * like a pushed snapshot; a file that fails stays unused and is logged.
 */
export async function loadBootSnapshot(deps: {
  readonly files: SnapshotFiles;
  readonly intake: SnapshotIntake;
  readonly bootFile: string | null;
  readonly logger: Logger;
  readonly now?: () => number;
}): Promise<void> {
  const { files, intake, bootFile, logger } = deps;
  const now = deps.now ?? Date.now;

  const saved = await files.read().catch((error: unknown) => {
    logger.error({ err: error }, 'saved snapshots unreadable');

    return [];
  });

  let restored = false;
  for (const file of saved) {
    const outcome = await intake.load(file.text, 'saved-file', {
      // The latest file already holds what it holds; a fallback is written
      // back as the latest so the damaged file is replaced.
      persist: file.slot !== 'latest',
      acceptedAt: file.savedAt,
    });

    if (file.slot === 'latest') files.markLatest(outcome.kind === 'accepted');

    if (outcome.kind === 'accepted') {
      restored = true;
      break;
    }
  }

  if (!restored && saved.length > 0) {
    logger.error({}, 'no saved snapshot verifies');
  }

  if (bootFile !== null) {
    const text = await readFile(bootFile, 'utf8');
    await intake.load(text, 'boot-file', { persist: true, acceptedAt: now() });
  }
}
