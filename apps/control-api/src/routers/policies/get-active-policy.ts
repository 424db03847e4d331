import { getActivePolicy } from '../../services/policies/get-active-policy';
import { viewerProcedure } from '../../trpc/procedures';
import { getActivePolicyOutput } from './get-active-policy.schema';

export const getActivePolicyProcedure = viewerProcedure
  .output(getActivePolicyOutput)
  .query(({ ctx }) => getActivePolicy(ctx.deps));
