import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import { issuerSelect, issuerView } from './issuer-view';

/**
 * Removes an issuer: once the snapshot without it is applied, gateways
 * refuse every token it issued (401), including cached ones.
 */
export async function deleteIssuer(
  deps: ServiceDeps,
  actor: Actor,
  input: { id: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const row = await tx.tokenIssuer.findUnique({
      where: { id: input.id },
      select: issuerSelect,
    });
    if (!row) {
      throw new AppError('ISSUER_NOT_FOUND', `no issuer ${input.id}`);
    }

    await tx.tokenIssuer.delete({ where: { id: input.id } });

    return {
      result: { id: input.id },
      audit: {
        action: 'issuer.delete',
        targetType: 'issuer',
        targetId: input.id,
        before: issuerView(row),
      },
    };
  });
}
