import { listGateways } from '../../services/gateways/list-gateways';
import { viewerProcedure } from '../../trpc/procedures';
import { listGatewaysOutput } from './list-gateways.schema';

export const listGatewaysProcedure = viewerProcedure
  .output(listGatewaysOutput)
  .query(({ ctx }) => listGateways(ctx.deps));
