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
