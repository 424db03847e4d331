import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

const sizeSelect = { id: true, capacityRps: true, weight: true } as const;

/** Changes a cell's capacity or weight (its share of the ring). */
export async function updateCell(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; capacityRps?: number; weight?: number },
) {
  return commitChange(deps, actor, async (tx) => {
    const before = await tx.cell.findUnique({
      where: { id: input.id },
      select: sizeSelect,
    });
    if (!before) {
      throw new AppError('CELL_NOT_FOUND', `no cell ${input.id}`);
    }

    const after = await tx.cell.update({
      where: { id: input.id },
      data: { capacityRps: input.capacityRps, weight: input.weight },
      select: sizeSelect,
    });

    return {
      result: after,
      audit: {
        action: 'cell.update',
        targetType: 'cell',
        targetId: input.id,
        before,
        after,
      },
    };
  });
}
