import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

/** Takes a token id off the revocation list (a revocation made in error). */
export async function unrevokeToken(
  deps: ServiceDeps,
  actor: Actor,
  input: { tokenId: string },
) {
  return commitChange(deps, actor, async (tx) => {
    const row = await tx.revokedToken.findUnique({
      where: { tokenId: input.tokenId },
    });
    if (!row) {
      throw new AppError(
        'REVOCATION_NOT_FOUND',
        `token ${input.tokenId} is not revoked`,
      );
    }

    await tx.revokedToken.delete({ where: { tokenId: input.tokenId } });

    return {
      result: { tokenId: input.tokenId },
      audit: {
        action: 'token.unrevoke',
        targetType: 'token',
        targetId: input.tokenId,
        before: {
          tokenId: row.tokenId,
          reason: row.reason,
          revokedBy: row.revokedBy,
          revokedAt: row.createdAt.toISOString(),
        },
      },
    };
  });
}
