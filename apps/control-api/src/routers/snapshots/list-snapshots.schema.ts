import { z } from 'zod';

import { snapshotSummaryOutput } from './snapshot-summary.schema';

export const listSnapshotsInput = z.strictObject({
  limit: z.int().min(1).max(100).default(20),
});

export const listSnapshotsOutput = z.array(snapshotSummaryOutput);
