import { router } from '../../trpc/procedures';
import { decisionStatsProcedure } from './decision-stats';
import { listDecisionsProcedure } from './list-decisions';

export const decisionsRouter = router({
  list: listDecisionsProcedure,
  stats: decisionStatsProcedure,
});
