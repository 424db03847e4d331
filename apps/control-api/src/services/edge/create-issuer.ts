import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { normalizedSettings, type IssuerSettings } from './issuer-settings';
import { issuerSelect, issuerView } from './issuer-view';

/**
 * Adds a token issuer gateways will trust, without keys yet: tokens of it
 * verify once a key is added (a separate, audited step).
 */
export async function createIssuer(
  deps: ServiceDeps,
  actor: Actor,
  input: IssuerSettings & { id: string },
) {
  try {
    return await commitChange(deps, actor, async (tx) => {
      const row = await tx.tokenIssuer.create({
        data: { ...normalizedSettings(input), keys: [] },
        select: issuerSelect,
      });
      const after = issuerView(row);

      return {
        result: after,
        audit: {
          action: 'issuer.create',
          targetType: 'issuer',
          targetId: input.id,
          after,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'ISSUER_EXISTS',
        `issuer ${input.id} or iss ${input.issuer} exists`,
        { cause: error },
      );
    }
    throw error;
  }
}
