import { getLatestSnapshot } from '../../services/snapshots/get-latest-snapshot';
import { viewerProcedure } from '../../trpc/procedures';
import { getLatestSnapshotOutput } from './get-latest-snapshot.schema';

export const getLatestSnapshotProcedure = viewerProcedure
  .output(getLatestSnapshotOutput)
  .query(({ ctx }) => getLatestSnapshot(ctx.deps));
