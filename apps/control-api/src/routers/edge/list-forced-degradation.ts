import { listForcedDegradation } from '../../services/edge/list-forced-degradation';
import { viewerProcedure } from '../../trpc/procedures';
import { listForcedDegradationOutput } from './list-forced-degradation.schema';

export const listForcedDegradationProcedure = viewerProcedure
  .output(listForcedDegradationOutput)
  .query(({ ctx }) => listForcedDegradation(ctx.deps));
