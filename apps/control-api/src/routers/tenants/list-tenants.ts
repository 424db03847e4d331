import { listTenants } from '../../services/tenants/list-tenants';
import { viewerProcedure } from '../../trpc/procedures';
import { listTenantsInput, listTenantsOutput } from './list-tenants.schema';

export const listTenantsProcedure = viewerProcedure
  .input(listTenantsInput)
  .output(listTenantsOutput)
  .query(({ ctx, input }) => listTenants(ctx.deps, input));
