import type { Prisma } from '../../db/db-types';
import type { ServiceDeps } from '../service-deps';
import type { DecisionView } from './decision-view';

export interface ListDecisionsInput {
  result?: 'allow' | 'deny' | 'error';
  tenantId?: string;
  gatewayId?: string;
  from?: string;
  to?: string;
  /** `<at ISO>|<id>` of the last row of the previous page. */
  cursor?: string;
  limit: number;
}

/**
 * Decisions newest first. The cursor is the (time, id) of the last row
 * seen, so pages stay stable while new decisions arrive.
 */
export async function listDecisions(
  deps: ServiceDeps,
  input: ListDecisionsInput,
): Promise<{ items: DecisionView[]; nextCursor: string | null }> {
  const where: Prisma.DecisionWhereInput = {
    result: input.result,
    tenantId: input.tenantId,
    gatewayId: input.gatewayId,
    at: {
      gte: input.from ? new Date(input.from) : undefined,
      lt: input.to ? new Date(input.to) : undefined,
    },
  };
  const after = input.cursor ? parseCursor(input.cursor) : null;

  const rows = await deps.db.decision.findMany({
    where: after
      ? {
          AND: [
            where,
            {
              OR: [
                { at: { lt: after.at } },
                { at: after.at, id: { lt: after.id } },
              ],
            },
          ],
        }
      : where,
    orderBy: [{ at: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    omit: { input: true, receivedAt: true },
  });

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);

  return {
    items: page.map((row) => ({ ...row, at: row.at.toISOString() })),
    nextCursor:
      rows.length > input.limit && last
        ? `${last.at.toISOString()}|${last.id}`
        : null,
  };
}

function parseCursor(cursor: string): { at: Date; id: string } {
  const [at = '', id = ''] = cursor.split('|');

  return { at: new Date(at), id };
}
