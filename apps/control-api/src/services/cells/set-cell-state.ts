import type { CellState } from '@cellplane/contract';

import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

/** Moves a cell to active, draining or failed. */
export async function setCellState(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; state: CellState },
) {
  return commitChange(deps, actor, async (tx) => {
    const before = await tx.cell.findUnique({
      where: { id: input.id },
      select: { id: true, state: true },
    });
    if (!before) {
      throw new AppError('CELL_NOT_FOUND', `no cell ${input.id}`);
    }

    const after = await tx.cell.update({
      where: { id: input.id },
      data: { state: input.state },
      select: { id: true, state: true },
    });

    return {
      result: after,
      audit: {
        action: 'cell.setState',
        targetType: 'cell',
        targetId: input.id,
        before,
        after,
      },
    };
  });
}
