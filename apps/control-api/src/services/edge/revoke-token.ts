import { AppError } from '../../errors/app-error';
import { isUniqueViolation } from '../../errors/prisma-errors';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';

/**
 * Revokes a token by its `jti`: gateways refuse it (401) from the snapshot
 * that carries the revocation on, even while its signature is valid.
 */
export async function revokeToken(
  deps: ServiceDeps,
  actor: Actor,
  input: { tokenId: string; reason?: string },
) {
  try {
    return await commitChange(deps, actor, async (tx) => {
      const row = await tx.revokedToken.create({
        data: {
          tokenId: input.tokenId,
          reason: input.reason ?? null,
          revokedBy: actor.email,
        },
      });
      const after = {
        tokenId: row.tokenId,
        reason: row.reason,
        revokedBy: row.revokedBy,
        revokedAt: row.createdAt.toISOString(),
      };

      return {
        result: after,
        audit: {
          action: 'token.revoke',
          targetType: 'token',
          targetId: input.tokenId,
          after,
        },
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'TOKEN_ALREADY_REVOKED',
        `token ${input.tokenId} is already revoked`,
        { cause: error },
      );
    }
    throw error;
  }
}
