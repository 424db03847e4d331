import type { Prisma } from '../../db/db-types';

import { placementOf } from '../placement/placement-of';
import type { ServiceDeps } from '../service-deps';

export interface ListTenantsInput {
  search?: string;
  cellId?: string;
  cursor?: string;
  limit: number;
}

/**
 * Tenants by id, a page at a time (the cursor is the last id seen). The
 * cell of each tenant, and the `cellId` filter, follow the placement of
 * the latest snapshot: where gateways send the tenant now.
 */
export async function listTenants(deps: ServiceDeps, input: ListTenantsInput) {
  const snapshot = deps.feed.latest();
  const placement = snapshot ? placementOf(snapshot) : null;

  const where: Prisma.TenantWhereInput = {};
  if (input.search) {
    where.OR = [
      { id: { contains: input.search, mode: 'insensitive' } },
      { name: { contains: input.search, mode: 'insensitive' } },
    ];
  }
  if (input.cellId !== undefined) {
    where.id = {
      in: [...(placement?.tenantsByCell.get(input.cellId) ?? [])],
    };
  }

  const rows = await deps.db.tenant.findMany({
    where,
    orderBy: { id: 'asc' },
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    select: { id: true, name: true, tier: true, createdAt: true },
  });

  const page = rows.slice(0, input.limit);
  const nextCursor = rows.length > input.limit ? page.at(-1)!.id : null;

  return {
    items: page.map((tenant) => ({
      ...tenant,
      createdAt: tenant.createdAt.toISOString(),
      cellId: placement?.cellByTenant.get(tenant.id) ?? null,
    })),
    nextCursor,
  };
}
