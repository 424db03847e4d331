import { AppError } from '../../errors/app-error';
import { placementOf } from '../placement/placement-of';
import type { ServiceDeps } from '../service-deps';

/** One tenant, its override if pinned, and its cell by the latest snapshot. */
export async function getTenant(deps: ServiceDeps, input: { id: string }) {
  const tenant = await deps.db.tenant.findUnique({
    where: { id: input.id },
    include: { override: true },
  });
  if (!tenant) {
    throw new AppError('TENANT_NOT_FOUND', `no tenant ${input.id}`);
  }

  const snapshot = deps.feed.latest();
  const cellId = snapshot
    ? (placementOf(snapshot).cellByTenant.get(tenant.id) ?? null)
    : null;

  return {
    id: tenant.id,
    name: tenant.name,
    tier: tenant.tier,
    createdAt: tenant.createdAt.toISOString(),
    cellId,
    override: tenant.override
      ? {
          cellId: tenant.override.cellId,
          reason: tenant.override.reason,
          createdBy: tenant.override.createdBy,
          createdAt: tenant.override.createdAt.toISOString(),
        }
      : null,
  };
}
