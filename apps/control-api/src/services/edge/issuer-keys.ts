import { createHash, createPublicKey } from 'node:crypto';

import { jwkSchema, type Jwk, type TokenAlgorithm } from '@cellplane/contract';
import { z } from 'zod';

import { AppError } from '../../errors/app-error';

/**
 * One key of an issuer as the `TokenIssuer.keys` column stores it: the
 * public JWK that goes into snapshots, and when and by whom it was added
 * (what an operator rotating keys needs to see).
 */
export const storedKeySchema = z.object({
  jwk: jwkSchema,
  addedAt: z.iso.datetime(),
  addedBy: z.string(),
});

export type StoredKey = z.infer<typeof storedKeySchema>;

/** The contract's limit of keys per issuer (old and new during rotation). */
export const MAX_KEYS_PER_ISSUER = 32;

// Members that only a private (or symmetric) JWK has (RFC 7518 section 6).
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** The stored keys of an issuer row; a malformed column fails loudly. */
export function parseStoredKeys(value: unknown): StoredKey[] {
  return z.array(storedKeySchema).parse(value);
}

/** The algorithm a key is used with: its `alg`, else the one of its type. */
export function algorithmOfJwk(jwk: Jwk): TokenAlgorithm {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC') return 'ES256';

  return 'EdDSA';
}

/**
 * Throws `JWK_PRIVATE` when `input` holds any private (or symmetric)
 * member, whatever else it holds: that the key is exposed matters more than
 * anything else wrong with the call.
 */
export function refusePrivateJwk(input: Record<string, unknown>): void {
  const privateMembers = PRIVATE_MEMBERS.filter((name) =>
    Object.hasOwn(input, name),
  );
  if (privateMembers.length === 0) return;

  throw new AppError(
    'JWK_PRIVATE',
    `JWK with private members ${privateMembers.join(', ')} refused`,
    {
      details: privateMembers.map((name) => `"${name}" is a private member`),
    },
  );
}

// The members of each key type that RFC 7638 hashes, in its (sorted) order.
const THUMBPRINT_MEMBERS: Record<Jwk['kty'], readonly string[]> = {
  RSA: ['e', 'kty', 'n'],
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
};

/**
 * The RFC 7638 SHA-256 thumbprint of a public key: the same key material
 * gives the same thumbprint whatever its kid, alg or use. The members are
 * taken from node:crypto's export, so a padded modulus hashes the same.
 */
export function jwkThumbprint(jwk: Jwk): string {
  const exported = createPublicKey({ key: jwk, format: 'jwk' }).export({
    format: 'jwk',
  }) as Record<string, unknown>;
  const members = THUMBPRINT_MEMBERS[jwk.kty].map(
    (name) => `${JSON.stringify(name)}:${JSON.stringify(exported[name])}`,
  );

  return createHash('sha256')
    .update(`{${members.join(',')}}`)
    .digest('base64url');
}

/**
 * Checks that `input` is a public signing JWK a gateway can use: no private
 * members (refused first, with its own code, so whoever pasted a private
 * key learns that it must now be treated as exposed), the contract's
 * schema, and a key node:crypto can build. The key material never goes
 * into an error message.
 */
export function checkPublicJwk(input: Record<string, unknown>): Jwk {
  refusePrivateJwk(input);

  const parsed = jwkSchema.safeParse(input);
  if (!parsed.success) {
    const details = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || 'jwk'}: ${issue.message}`,
    );
    throw new AppError('JWK_INVALID', `JWK refused: ${details.join('; ')}`, {
      userMessage: `the key is not a public signing JWK (${details.join('; ')})`,
      details,
    });
  }

  try {
    const key = createPublicKey({ key: parsed.data, format: 'jwk' });
    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (parsed.data.kty === 'RSA' && bits < 2048) {
      throw new Error(`RSA modulus of ${bits} bits`);
    }
  } catch (error) {
    throw new AppError('JWK_INVALID', `JWK ${parsed.data.kid} unusable`, {
      cause: error,
      userMessage: `key ${parsed.data.kid} is not a usable public key`,
    });
  }

  return parsed.data;
}

/** What the console shows of a key: never more than the public JWK. */
export function keySummary(key: StoredKey) {
  return {
    kid: key.jwk.kid,
    kty: key.jwk.kty,
    alg: algorithmOfJwk(key.jwk),
    addedAt: key.addedAt,
    addedBy: key.addedBy,
  };
}
