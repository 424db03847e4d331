import { actorOf } from '../../services/actor-of';
import { uploadBundle } from '../../services/policies/upload-bundle';
import { adminProcedure } from '../../trpc/procedures';
import { uploadBundleInput, uploadBundleOutput } from './upload-bundle.schema';

export const uploadBundleProcedure = adminProcedure
  .input(uploadBundleInput)
  .output(uploadBundleOutput)
  .mutation(({ ctx, input }) =>
    uploadBundle(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
