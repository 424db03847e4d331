import { explainPlacement } from '../../services/placement/explain-placement';
import { viewerProcedure } from '../../trpc/procedures';
import {
  explainPlacementInput,
  explainPlacementOutput,
} from './explain-placement.schema';

export const explainPlacementProcedure = viewerProcedure
  .input(explainPlacementInput)
  .output(explainPlacementOutput)
  .query(({ ctx, input }) => explainPlacement(ctx.deps, input));
