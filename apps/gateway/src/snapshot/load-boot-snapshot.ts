import { readFile } from 'node:fs/promises';

import type { Logger } from '@cellplane/telemetry';

import { POLICY_LOAD_CODES } from '../policy/policy-load-error';

import type { SnapshotFiles } from './snapshot-files';
import type { SnapshotIntake } from './snapshot-intake';

/**
 * Serves before the control plane answers, or without it (K13): the latest
 * saved snapshot, else the previous saved one when the latest is damaged,
 * then the `--snapshot` file if it is newer than either. Each is verified
 * like a pushed snapshot; a file that fails stays unused and is logged.
 *
 * A latest file that verifies but whose policy bundle cannot be loaded
 * (not cached, control plane unreachable) is not replaced by the previous
 * file: that one may carry an older, looser policy or none, and serving
 * it would widen access. The gateway stays unready until the bundle can
 * be fetched (the follower keeps trying).
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
    if (outcome.code in POLICY_LOAD_CODES) {
      logger.error(
        { snapshotVersion: outcome.version, code: outcome.code },
        'saved snapshot needs a policy bundle this gateway cannot load',
      );
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
