import { router } from '../../trpc/procedures';
import { createRegionProcedure } from './create-region';
import { listRegionsProcedure } from './list-regions';

export const regionsRouter = router({
  list: listRegionsProcedure,
  create: createRegionProcedure,
});
