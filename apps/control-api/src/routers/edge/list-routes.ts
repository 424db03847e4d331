import { listRoutes } from '../../services/edge/list-routes';
import { viewerProcedure } from '../../trpc/procedures';
import { listRoutesOutput } from './list-routes.schema';

export const listRoutesProcedure = viewerProcedure
  .output(listRoutesOutput)
  .query(({ ctx }) => listRoutes(ctx.deps));
