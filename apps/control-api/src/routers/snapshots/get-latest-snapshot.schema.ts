import { z } from 'zod';

import { snapshotSummaryOutput } from './snapshot-summary.schema';

export const getLatestSnapshotOutput = z.object({
  snapshot: snapshotSummaryOutput.nullable(),
  counts: z
    .object({
      regions: z.int(),
      cells: z.int(),
      instances: z.int(),
      tenants: z.int(),
      overrides: z.int(),
    })
    .nullable(),
  publisher: z
    .object({
      waiting: z.int(),
      active: z.int(),
      delayed: z.int(),
      failed: z.int(),
      lastFailure: z
        .object({
          jobId: z.string(),
          at: z.string(),
          attempt: z.int(),
          message: z.string(),
        })
        .nullable(),
    })
    .nullable(),
});
