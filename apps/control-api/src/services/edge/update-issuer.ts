import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { normalizedSettings, type IssuerSettings } from './issuer-settings';
import { issuerSelect, issuerView } from './issuer-view';

/** Changes an issuer's settings; its keys change through add/remove key. */
export async function updateIssuer(
  deps: ServiceDeps,
  actor: Actor,
  input: Partial<IssuerSettings> & { id: string },
) {
  const { id, ...settings } = input;

  try {
    return await commitChange(deps, actor, async (tx) => {
      const row = await tx.tokenIssuer.findUnique({
        where: { id },
        select: issuerSelect,
      });
      if (!row) throw new AppError('ISSUER_NOT_FOUND', `no issuer ${id}`);

      const updated = await tx.tokenIssuer.update({
        where: { id },
        data: normalizedSettings(settings),
        select: issuerSelect,
      });
      const after = issuerView(updated);

      return {
        result: after,
        audit: {
          action: 'issuer.update',
          targetType: 'issuer',
          targetId: id,
          before: issuerView(row),
          after,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('ISSUER_EXISTS', `iss ${settings.issuer} exists`, {
        cause: error,
      });
    }
    throw error;
  }
}
