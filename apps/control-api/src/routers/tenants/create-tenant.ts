import { actorOf } from '../../services/actor-of';
import { createTenant } from '../../services/tenants/create-tenant';
import { operatorProcedure } from '../../trpc/procedures';
import { createTenantInput, createTenantOutput } from './create-tenant.schema';

export const createTenantProcedure = operatorProcedure
  .input(createTenantInput)
  .output(createTenantOutput)
  .mutation(({ ctx, input }) =>
    createTenant(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
