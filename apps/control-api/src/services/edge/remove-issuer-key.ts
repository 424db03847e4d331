import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { keySummary, parseStoredKeys } from './issuer-keys';
import { issuerSelect, issuerView } from './issuer-view';
import { lockIssuer } from './lock-issuer';

/**
 * Removes one key of an issuer: tokens signed with it are refused once the
 * snapshot is applied (gateways drop their verified-token cache when the
 * identity section changes).
 */
export async function removeIssuerKey(
  deps: ServiceDeps,
  actor: Actor,
  input: { issuerId: string; kid: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const row = await lockIssuer(tx, input.issuerId);

    const keys = parseStoredKeys(row.keys);
    const removed = keys.find((key) => key.jwk.kid === input.kid);
    if (!removed) {
      throw new AppError(
        'ISSUER_KEY_NOT_FOUND',
        `issuer ${row.id} has no key ${input.kid}`,
      );
    }

    const updated = await tx.tokenIssuer.update({
      where: { id: row.id },
      data: { keys: keys.filter((key) => key !== removed) },
      select: issuerSelect,
    });

    return {
      result: issuerView(updated),
      audit: {
        action: 'issuer.removeKey',
        targetType: 'issuer',
        targetId: row.id,
        before: keySummary(removed),
      },
    };
  });
}
