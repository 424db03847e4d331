import type { DegradationLevel } from '@cellplane/contract';

import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

const forcedSelect = {
  cellId: true,
  level: true,
  reason: true,
  forcedBy: true,
} as const;

/**
 * Forces a cell's degradation level at every gateway, whatever its
 * health says (`limited`: writes refused with 503, reads served), until
 * cleared. Forcing again replaces the level and the reason.
 */
export async function forceDegradation(
  deps: ServiceDeps,
  actor: Actor,
  input: { cellId: string; level: DegradationLevel; reason: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const cell = await tx.cell.findUnique({
      where: { id: input.cellId },
      select: { id: true },
    });
    if (!cell) {
      throw new AppError('CELL_NOT_FOUND', `no cell ${input.cellId}`);
    }
    const before = await tx.forcedDegradation.findUnique({
      where: { cellId: input.cellId },
      select: forcedSelect,
    });

    const data = {
      level: input.level,
      reason: input.reason,
      forcedBy: actor.email,
    };
    const after = await tx.forcedDegradation.upsert({
      where: { cellId: input.cellId },
      create: { cellId: input.cellId, ...data },
      update: { ...data, createdAt: new Date() },
      select: forcedSelect,
    });

    return {
      result: after,
      audit: {
        action: 'degradation.force',
        targetType: 'cell',
        targetId: input.cellId,
        before,
        after,
      },
    };
  });
}
