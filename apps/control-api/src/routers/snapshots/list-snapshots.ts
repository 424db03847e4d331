import { listSnapshots } from '../../services/snapshots/list-snapshots';
import { viewerProcedure } from '../../trpc/procedures';
import {
  listSnapshotsInput,
  listSnapshotsOutput,
} from './list-snapshots.schema';

export const listSnapshotsProcedure = viewerProcedure
  .input(listSnapshotsInput)
  .output(listSnapshotsOutput)
  .query(({ ctx, input }) => listSnapshots(ctx.deps, input));
