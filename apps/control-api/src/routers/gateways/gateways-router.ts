import { router } from '../../trpc/procedures';
import { listGatewaysProcedure } from './list-gateways';

export const gatewaysRouter = router({
  list: listGatewaysProcedure,
});
