import { getBundle } from '../../services/policies/get-bundle';
import { viewerProcedure } from '../../trpc/procedures';
import { getBundleInput, getBundleOutput } from './get-bundle.schema';

export const getBundleProcedure = viewerProcedure
  .input(getBundleInput)
  .output(getBundleOutput)
  .query(({ ctx, input }) => getBundle(ctx.deps, input));
