import { decisionStats } from '../../services/decisions/decision-stats';
import { viewerProcedure } from '../../trpc/procedures';
import {
  decisionStatsInput,
  decisionStatsOutput,
} from './decision-stats.schema';

export const decisionStatsProcedure = viewerProcedure
  .input(decisionStatsInput)
  .output(decisionStatsOutput)
  .query(({ ctx, input }) => decisionStats(ctx.deps, input));
