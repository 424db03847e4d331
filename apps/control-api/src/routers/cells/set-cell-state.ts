import { actorOf } from '../../services/actor-of';
import { setCellState } from '../../services/cells/set-cell-state';
import { operatorProcedure } from '../../trpc/procedures';
import { setCellStateInput, setCellStateOutput } from './set-cell-state.schema';

export const setCellStateProcedure = operatorProcedure
  .input(setCellStateInput)
  .output(setCellStateOutput)
  .mutation(({ ctx, input }) =>
    setCellState(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
