import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

const overrideSelect = {
  tenantId: true,
  cellId: true,
  reason: true,
  createdBy: true,
} as const;

/** Pins a tenant to a cell with an override, which wins over the ring. */
export async function pinTenant(
  deps: ServiceDeps,
  actor: Actor,
  input: { tenantId: string; cellId: string },
) {
  return commitChange(deps, actor, async (tx) => {
    // One after the other: queries of one transaction share a connection.
    const tenant = await tx.tenant.findUnique({
      where: { id: input.tenantId },
      select: { id: true },
    });
    const cell = await tx.cell.findUnique({
      where: { id: input.cellId },
      select: { state: true },
    });
    const before = await tx.override.findUnique({
      where: { tenantId: input.tenantId },
      select: overrideSelect,
    });

    if (!tenant) {
      throw new AppError('TENANT_NOT_FOUND', `no tenant ${input.tenantId}`);
    }
    if (!cell) {
      throw new AppError('CELL_NOT_FOUND', `no cell ${input.cellId}`);
    }
    if (cell.state === 'failed') {
      throw new AppError('CELL_FAILED', `cell ${input.cellId} is failed`);
    }

    const after = await tx.override.upsert({
      where: { tenantId: input.tenantId },
      create: { ...input, reason: 'pinned', createdBy: actor.email },
      update: {
        cellId: input.cellId,
        reason: 'pinned',
        createdBy: actor.email,
      },
      select: overrideSelect,
    });

    return {
      result: after,
      audit: {
        action: 'placement.pin',
        targetType: 'tenant',
        targetId: input.tenantId,
        before,
        after,
      },
    };
  });
}
