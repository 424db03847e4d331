import type { TenantTier } from '@cellplane/contract';

import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

export async function createTenant(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string; name: string; tier: TenantTier },
) {
  try {
    return await commitChange(deps, actor, async (tx) => {
      const tenant = await tx.tenant.create({
        data: input,
        select: { id: true, name: true, tier: true },
      });

      return {
        result: tenant,
        audit: {
          action: 'tenant.create',
          targetType: 'tenant',
          targetId: tenant.id,
          after: tenant,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('TENANT_EXISTS', `tenant ${input.id} exists`, {
        cause: error,
      });
    }
    throw error;
  }
}
