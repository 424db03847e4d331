import type { CellState } from '@cellplane/contract';

import type { Tx } from '../../db/db-types';
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
      select: {
        id: true,
        state: true,
        _count: { select: { instances: true } },
      },
    });
    if (!before) {
      throw new AppError('CELL_NOT_FOUND', `no cell ${input.id}`);
    }

    await checkRingStaysServable(tx, before, input.state);

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
        before: { id: before.id, state: before.state },
        after,
      },
    };
  });
}

/**
 * A snapshot whose ring is empty routes no tenant without an override, and
 * an active cell with no instance answers 503 for every tenant the ring
 * gives it: both are refused here, before they reach a gateway. The check
 * runs inside the change's transaction; the row lock below makes two
 * concurrent drains of the last two active cells wait for each other.
 */
async function checkRingStaysServable(
  tx: Tx,
  cell: { id: string; state: CellState; _count: { instances: number } },
  next: CellState,
): Promise<void> {
  if (next === 'active' && cell._count.instances === 0) {
    throw new AppError(
      'CELL_HAS_NO_INSTANCES',
      `cell ${cell.id} has no instance to serve its tenants`,
    );
  }

  if (cell.state !== 'active' || next === 'active') return;

  const active = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Cell" WHERE state = 'active' FOR UPDATE`;
  if (active.every((row) => row.id === cell.id)) {
    throw new AppError(
      'LAST_ACTIVE_CELL',
      `cell ${cell.id} is the last active cell; activate another first`,
    );
  }
}
