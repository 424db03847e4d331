import { listRevocations } from '../../services/edge/list-revocations';
import { viewerProcedure } from '../../trpc/procedures';
import {
  listRevocationsInput,
  listRevocationsOutput,
} from './list-revocations.schema';

export const listRevocationsProcedure = viewerProcedure
  .input(listRevocationsInput)
  .output(listRevocationsOutput)
  .query(({ ctx, input }) => listRevocations(ctx.deps, input));
