import { actorOf } from '../../services/actor-of';
import { updateCell } from '../../services/cells/update-cell';
import { operatorProcedure } from '../../trpc/procedures';
import { updateCellInput, updateCellOutput } from './update-cell.schema';

export const updateCellProcedure = operatorProcedure
  .input(updateCellInput)
  .output(updateCellOutput)
  .mutation(({ ctx, input }) =>
    updateCell(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
