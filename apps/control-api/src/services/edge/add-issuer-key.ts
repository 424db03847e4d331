import { AppError } from '../../errors/app-error';
import { commitChange } from '../changes/commit-change';
import type { Actor, ServiceDeps } from '../service-deps';
import {
  algorithmOfJwk,
  checkPublicJwk,
  jwkThumbprint,
  keySummary,
  MAX_KEYS_PER_ISSUER,
  parseStoredKeys,
} from './issuer-keys';
import { issuerSelect, issuerView } from './issuer-view';
import { lockIssuer } from './lock-issuer';

/**
 * Adds a public key to an issuer beside the ones it has: key rotation is
 * add the new key, let the identity provider sign with it, then remove the
 * old one once its tokens have expired (docs/OPERATIONS.md).
 */
export async function addIssuerKey(
  deps: ServiceDeps,
  actor: Actor,
  input: { issuerId: string; jwk: Record<string, unknown> },
) {
  const jwk = checkPublicJwk(input.jwk);

  return commitChange(deps, actor, async (tx) => {
    const row = await lockIssuer(tx, input.issuerId);

    const keys = parseStoredKeys(row.keys);
    if (keys.some((key) => key.jwk.kid === jwk.kid)) {
      throw new AppError(
        'ISSUER_KEY_EXISTS',
        `issuer ${row.id} has a key ${jwk.kid}`,
      );
    }
    const thumbprint = jwkThumbprint(jwk);
    const twin = keys.find((key) => jwkThumbprint(key.jwk) === thumbprint);
    if (twin) {
      throw new AppError(
        'ISSUER_KEY_DUPLICATE',
        `issuer ${row.id} has the key material of ${jwk.kid} as ${twin.jwk.kid}`,
        {
          userMessage: `the issuer already has this key, as kid ${twin.jwk.kid}`,
        },
      );
    }
    if (keys.length >= MAX_KEYS_PER_ISSUER) {
      throw new AppError('ISSUER_KEYS_FULL', `issuer ${row.id} is full`);
    }
    const algorithm = algorithmOfJwk(jwk);
    if (!row.algorithms.includes(algorithm)) {
      throw new AppError(
        'JWK_INVALID',
        `key ${jwk.kid} is ${algorithm}, issuer ${row.id} allows ${row.algorithms.join(', ')}`,
        {
          userMessage: `a ${algorithm} key is of no use to an issuer allowing ${row.algorithms.join(', ')}`,
        },
      );
    }

    const added = {
      jwk,
      addedAt: new Date().toISOString(),
      addedBy: actor.email,
    };
    const updated = await tx.tokenIssuer.update({
      where: { id: row.id },
      data: { keys: [...keys, added] },
      select: issuerSelect,
    });

    return {
      result: issuerView(updated),
      audit: {
        action: 'issuer.addKey',
        targetType: 'issuer',
        targetId: row.id,
        after: { ...keySummary(added), jwk },
      },
    };
  });
}
