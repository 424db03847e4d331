import { router } from '../../trpc/procedures';
import { getLatestSnapshotProcedure } from './get-latest-snapshot';
import { listSnapshotsProcedure } from './list-snapshots';

export const snapshotsRouter = router({
  latest: getLatestSnapshotProcedure,
  list: listSnapshotsProcedure,
});
