import { listAudit } from '../../services/audit/list-audit';
import { viewerProcedure } from '../../trpc/procedures';
import { listAuditInput, listAuditOutput } from './list-audit.schema';

export const listAuditProcedure = viewerProcedure
  .input(listAuditInput)
  .output(listAuditOutput)
  .query(({ ctx, input }) => listAudit(ctx.deps, input));
