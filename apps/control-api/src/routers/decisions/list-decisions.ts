import { listDecisions } from '../../services/decisions/list-decisions';
import { viewerProcedure } from '../../trpc/procedures';
import {
  listDecisionsInput,
  listDecisionsOutput,
} from './list-decisions.schema';

export const listDecisionsProcedure = viewerProcedure
  .input(listDecisionsInput)
  .output(listDecisionsOutput)
  .query(({ ctx, input }) => listDecisions(ctx.deps, input));
