import { router } from '../../trpc/procedures';
import { createTenantProcedure } from './create-tenant';
import { getTenantProcedure } from './get-tenant';
import { listTenantsProcedure } from './list-tenants';

export const tenantsRouter = router({
  list: listTenantsProcedure,
  get: getTenantProcedure,
  create: createTenantProcedure,
});
