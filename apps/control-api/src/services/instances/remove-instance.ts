import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

/** Removes one upstream process from its cell. */
export async function removeInstance(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const before = await tx.instance.findUnique({
      where: { id: input.id },
      select: { id: true, cellId: true, url: true, weight: true },
    });
    if (!before) {
      throw new AppError('INSTANCE_NOT_FOUND', `no instance ${input.id}`);
    }

    // The cell row is locked so two removals cannot each see the other
    // instance still there and together empty an active cell.
    const [cell] = await tx.$queryRaw<{ state: string }[]>`
      SELECT state::text FROM "Cell" WHERE id = ${before.cellId} FOR UPDATE`;
    const remaining = await tx.instance.count({
      where: { cellId: before.cellId },
    });
    if (cell?.state === 'active' && remaining === 1) {
      throw new AppError(
        'LAST_INSTANCE_OF_ACTIVE_CELL',
        `instance ${input.id} is the last of active cell ${before.cellId}`,
      );
    }

    await tx.instance.delete({ where: { id: input.id } });

    return {
      result: { id: input.id },
      audit: {
        action: 'instance.remove',
        targetType: 'instance',
        targetId: input.id,
        before,
      },
    };
  });
}
