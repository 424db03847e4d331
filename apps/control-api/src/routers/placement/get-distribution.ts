import { getDistribution } from '../../services/placement/get-distribution';
import { viewerProcedure } from '../../trpc/procedures';
import { getDistributionOutput } from './get-distribution.schema';

export const getDistributionProcedure = viewerProcedure
  .output(getDistributionOutput)
  .query(({ ctx }) => getDistribution(ctx.deps));
