import { getTenant } from '../../services/tenants/get-tenant';
import { viewerProcedure } from '../../trpc/procedures';
import { getTenantInput, getTenantOutput } from './get-tenant.schema';

export const getTenantProcedure = viewerProcedure
  .input(getTenantInput)
  .output(getTenantOutput)
  .query(({ ctx, input }) => getTenant(ctx.deps, input));
