import { listCells } from '../../services/cells/list-cells';
import { viewerProcedure } from '../../trpc/procedures';
import { listCellsOutput } from './list-cells.schema';

export const listCellsProcedure = viewerProcedure
  .output(listCellsOutput)
  .query(({ ctx }) => listCells(ctx.deps));
