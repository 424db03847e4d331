import { actorOf } from '../../services/actor-of';
import { pinTenant } from '../../services/placement/pin-tenant';
import { operatorProcedure } from '../../trpc/procedures';
import { pinTenantInput, pinTenantOutput } from './pin-tenant.schema';

export const pinTenantProcedure = operatorProcedure
  .input(pinTenantInput)
  .output(pinTenantOutput)
  .mutation(({ ctx, input }) =>
    pinTenant(ctx.deps, actorOf(ctx.user, ctx.requestId), input),
  );
