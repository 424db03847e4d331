import { actorOf } from '../../services/actor-of';
import { unpinTenant } from '../../services/placement/unpin-tenant';
import { operatorProcedure } from '../../trpc/procedures';
import { unpinTenantInput, unpinTenantOutput } from './unpin-tenant.schema';

export const unpinTenantProcedure = operatorProcedure
  .input(unpinTenantInput)
  .output(unpinTenantOutput)
  .mutation(({ ctx, input }) =>
    unpinTenant(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
