import { t } from './init';
import { logCalls, mapAppErrors, requireRole } from './middleware';

/**
 * Procedure builders named for the access they grant. Role checks run
 * before input parsing, so a caller without the role learns nothing about
 * the input schema.
 */
export const publicProcedure = t.procedure.use(logCalls).use(mapAppErrors);
export const viewerProcedure = publicProcedure.use(requireRole('viewer'));
export const operatorProcedure = publicProcedure.use(requireRole('operator'));
export const approverProcedure = publicProcedure.use(requireRole('approver'));
export const adminProcedure = publicProcedure.use(requireRole('admin'));

export const router = t.router;
