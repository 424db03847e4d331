import { router } from '../../trpc/procedures';
import { createCellProcedure } from './create-cell';
import { listCellsProcedure } from './list-cells';
import { setCellStateProcedure } from './set-cell-state';
import { updateCellProcedure } from './update-cell';

export const cellsRouter = router({
  list: listCellsProcedure,
  create: createCellProcedure,
  setState: setCellStateProcedure,
  update: updateCellProcedure,
});
