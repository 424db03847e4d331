import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

/** Removes a tenant's override; the ring places it again. */
export async function unpinTenant(
  deps: ServiceDeps,
  actor: Actor,
  input: { tenantId: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const before = await tx.override.findUnique({
      where: { tenantId: input.tenantId },
      select: { tenantId: true, cellId: true, reason: true, createdBy: true },
    });
    if (!before) {
      throw new AppError(
        'OVERRIDE_NOT_FOUND',
        `tenant ${input.tenantId} has no override`,
      );
    }

    await tx.override.delete({ where: { tenantId: input.tenantId } });

    return {
      result: { tenantId: input.tenantId },
      audit: {
        action: 'placement.unpin',
        targetType: 'tenant',
        targetId: input.tenantId,
        before,
      },
    };
  });
}
