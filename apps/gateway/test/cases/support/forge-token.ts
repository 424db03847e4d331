import {
  createHmac,
  generateKeyPairSync,
  sign,
  type KeyObject,
} from 'node:crypto';

import type {
  Identity,
  Issuer,
  Jwk,
  TokenAlgorithm,
} from '@cellplane/contract';

/**
 * Real keys and hand-made tokens for the identity tests: every part of a
 * token is written byte by byte here, so attack tokens (alg none, HMAC
 * keyed with the public PEM, embedded jwk, jku...) are exactly what an
 * attacker would send, with no library normalizing them.
 */
export interface TestKey {
  readonly kid: string;
  readonly algorithm: TokenAlgorithm;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly jwk: Jwk;
}

export const ISSUER = 'https://id.cellplane.test';
export const AUDIENCE = 'cellplane-gateway';

export function b64url(value: Buffer | string): string {
  return Buffer.from(value).toString('base64url');
}

export function makeKey(algorithm: TokenAlgorithm, kid: string): TestKey {
  const pair =
    algorithm === 'RS256'
      ? generateKeyPairSync('rsa', { modulusLength: 2048 })
      : algorithm === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('ed25519');
  const exported = pair.publicKey.export({ format: 'jwk' }) as Record<
    string,
    string
  >;

  return {
    kid,
    algorithm,
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    jwk: { ...exported, kid } as Jwk,
  };
}

/** The signature a key makes over `input`, in JWS form. */
export function signature(key: TestKey, input: string): Buffer {
  const data = Buffer.from(input);
  if (key.algorithm === 'RS256') return sign('sha256', data, key.privateKey);
  if (key.algorithm === 'ES256') {
    return sign('sha256', data, {
      key: key.privateKey,
      dsaEncoding: 'ieee-p1363',
    });
  }

  return sign(null, data, key.privateKey);
}

/** `header.payload.signature` with any header, payload and signer. */
export function encodeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  signer: (input: string) => Buffer | string,
): string {
  const input = `${b64url(JSON.stringify(header))}.${b64url(
    JSON.stringify(payload),
  )}`;

  return `${input}.${b64url(signer(input))}`;
}

/** A genuine token of `key`, with claims that pass unless overridden. */
export function genuineToken(
  key: TestKey,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = { kid: key.kid },
): string {
  return encodeToken(
    { alg: key.algorithm, typ: 'JWT', ...header },
    validClaims(claims),
    (input) => signature(key, input),
  );
}

/** HS256 keyed with a text, such as a public key's PEM (K06). */
export function hmacSigner(secret: string): (input: string) => Buffer {
  return (input) => createHmac('sha256', secret).update(input).digest();
}

export function validClaims(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);

  return {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-1',
    tenant_id: 't-a',
    roles: ['user'],
    iat: now,
    nbf: now,
    exp: now + 300,
    jti: `jti-${Math.random().toString(36).slice(2)}`,
    ...overrides,
  };
}

export function makeIssuer(
  keys: readonly TestKey[],
  overrides: Partial<Issuer> = {},
): Issuer {
  return {
    id: 'main',
    issuer: ISSUER,
    audiences: [AUDIENCE],
    algorithms: ['RS256'],
    leewaySeconds: 30,
    tenantClaim: 'tenant_id',
    keys: keys.map((key) => key.jwk),
    ...overrides,
  };
}

export function makeIdentity(
  issuers: readonly Issuer[],
  revokedTokenIds: readonly string[] = [],
): Identity {
  return { issuers: [...issuers], revokedTokenIds: [...revokedTokenIds] };
}
