import { listRegions } from '../../services/regions/list-regions';
import { viewerProcedure } from '../../trpc/procedures';
import { listRegionsOutput } from './list-regions.schema';

export const listRegionsProcedure = viewerProcedure
  .output(listRegionsOutput)
  .query(({ ctx }) => listRegions(ctx.deps));
