import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

export async function createRegion(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; name: string },
) {
  try {
    return await commitChange(deps, actor, async (tx) => {
      const region = await tx.region.create({
        data: input,
        select: { id: true, name: true },
      });

      return {
        result: region,
        audit: {
          action: 'region.create',
          targetType: 'region',
          targetId: region.id,
          after: region,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('REGION_EXISTS', `region ${input.id} exists`, {
        cause: error,
      });
    }
    throw error;
  }
}
