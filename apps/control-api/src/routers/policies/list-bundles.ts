import { listBundles } from '../../services/policies/list-bundles';
import { viewerProcedure } from '../../trpc/procedures';
import { listBundlesInput, listBundlesOutput } from './list-bundles.schema';

export const listBundlesProcedure = viewerProcedure
  .input(listBundlesInput)
  .output(listBundlesOutput)
  .query(({ ctx, input }) => listBundles(ctx.deps, input));
