import { router } from '../../trpc/procedures';
import { explainPlacementProcedure } from './explain-placement';
import { getDistributionProcedure } from './get-distribution';
import { pinTenantProcedure } from './pin-tenant';
import { unpinTenantProcedure } from './unpin-tenant';

export const placementRouter = router({
  explain: explainPlacementProcedure,
  pin: pinTenantProcedure,
  unpin: unpinTenantProcedure,
  distribution: getDistributionProcedure,
});
