import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

/** Adds one upstream process to a cell. */
export async function createInstance(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; cellId: string; url: string; weight?: number },
) {
  try {
    return await commitChange(deps, actor, async (tx) => {
      const cell = await tx.cell.findUnique({
        where: { id: input.cellId },
        select: { id: true },
      });
      if (!cell) {
        throw new AppError('CELL_NOT_FOUND', `no cell ${input.cellId}`);
      }

      const instance = await tx.instance.create({
        data: { ...input, weight: input.weight ?? 1 },
        select: { id: true, cellId: true, url: true, weight: true },
      });

      return {
        result: instance,
        audit: {
          action: 'instance.create',
          targetType: 'instance',
          targetId: instance.id,
          after: instance,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'INSTANCE_EXISTS',
        `instance ${input.id} or URL ${input.url} exists`,
        { cause: error },
      );
    }
    throw error;
  }
}
