import { listIssuers } from '../../services/edge/list-issuers';
import { viewerProcedure } from '../../trpc/procedures';
import { listIssuersOutput } from './list-issuers.schema';

export const listIssuersProcedure = viewerProcedure
  .output(listIssuersOutput)
  .query(({ ctx }) => listIssuers(ctx.deps));
