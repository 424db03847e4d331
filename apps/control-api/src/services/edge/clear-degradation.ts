import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

/** Lets a cell's level follow its health again at every gateway. */
export async function clearDegradation(
  deps: ServiceDeps,
  actor: Actor,
  input: { cellId: string; reason?: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const before = await tx.forcedDegradation.findUnique({
      where: { cellId: input.cellId },
      select: { cellId: true, level: true, reason: true, forcedBy: true },
    });
    if (!before) {
      throw new AppError(
        'DEGRADATION_NOT_FORCED',
        `no level forced on cell ${input.cellId}`,
      );
    }

    await tx.forcedDegradation.delete({ where: { cellId: input.cellId } });

    return {
      result: { cellId: input.cellId },
      audit: {
        action: 'degradation.clear',
        targetType: 'cell',
        targetId: input.cellId,
        before,
        after: input.reason ? { reason: input.reason } : undefined,
      },
    };
  });
}
