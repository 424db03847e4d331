import { actorOf } from '../../services/actor-of';
import { createCell } from '../../services/cells/create-cell';
import { operatorProcedure } from '../../trpc/procedures';
import { createCellInput, createCellOutput } from './create-cell.schema';

export const createCellProcedure = operatorProcedure
  .input(createCellInput)
  .output(createCellOutput)
  .mutation(({ ctx, input }) =>
    createCell(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
