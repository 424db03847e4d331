import {
  generateKeyPairSync,
  sign,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

import type { Identity, Issuer } from '@cellplane/contract';

/** The `iss`, audience and tenant claim of every token the bench mints. */
export const BENCH_ISSUER = 'bench-idp';
export const BENCH_AUDIENCE = 'cellplane';
const TENANT_CLAIM = 'tenant';

export type BenchAlgorithm = 'RS256' | 'ES256';

/** What a minted token says; `exp` is far enough out for the whole run. */
export interface TokenClaims {
  readonly sub: string;
  readonly tenant: string;
  readonly roles: readonly string[];
  readonly jti: string;
}

/**
 * An issuer of the bench's own: an RS256 and an ES256 key pair generated
 * for this run, whose private halves never leave the bench process, and
 * the public halves as the snapshot's `identity` section (JWKs). Tokens
 * are signed with node:crypto as an identity provider would sign them.
 */
export class BenchIssuer {
  private readonly keys: Record<
    BenchAlgorithm,
    { kid: string; privateKey: KeyObject; publicKey: KeyObject }
  >;

  private readonly issuedAt = Math.floor(Date.now() / 1000);

  constructor() {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.keys = {
      RS256: { kid: 'bench-rs256-1', ...rsa },
      ES256: { kid: 'bench-es256-1', ...ec },
    };
  }

  /** The snapshot's identity section: one issuer, both public keys. */
  identity(): Identity {
    const jwk = (alg: BenchAlgorithm): Issuer['keys'][number] => {
      const { kid, publicKey } = this.keys[alg];
      const exported = publicKey.export({ format: 'jwk' }) as JsonWebKey;

      return alg === 'RS256'
        ? { kty: 'RSA', kid, use: 'sig', alg, n: exported.n!, e: exported.e! }
        : {
            kty: 'EC',
            kid,
            use: 'sig',
            alg,
            crv: 'P-256',
            x: exported.x!,
            y: exported.y!,
          };
    };

    return {
      issuers: [
        {
          id: 'bench-idp',
          issuer: BENCH_ISSUER,
          audiences: [BENCH_AUDIENCE],
          algorithms: ['RS256', 'ES256'],
          leewaySeconds: 30,
          tenantClaim: TENANT_CLAIM,
          keys: [jwk('RS256'), jwk('ES256')],
        },
      ],
      revokedTokenIds: [],
    };
  }

  /** The public key as PEM (SPKI), for HAProxy's `jwt_verify`. */
  publicKeyPem(alg: BenchAlgorithm): string {
    return this.keys[alg].publicKey
      .export({ format: 'pem', type: 'spki' })
      .toString();
  }

  /** A compact JWS, valid for two hours from the issuer's creation. */
  mint(alg: BenchAlgorithm, claims: TokenClaims): string {
    const { kid, privateKey } = this.keys[alg];
    const header = encode({ alg, typ: 'JWT', kid });
    const payload = encode({
      iss: BENCH_ISSUER,
      aud: BENCH_AUDIENCE,
      sub: claims.sub,
      [TENANT_CLAIM]: claims.tenant,
      roles: claims.roles,
      jti: claims.jti,
      iat: this.issuedAt,
      exp: this.issuedAt + 7_200,
    });
    const input = `${header}.${payload}`;
    // ES256 signatures are r || s (IEEE P1363), not DER (RFC 7518, 3.4).
    const signature =
      alg === 'RS256'
        ? sign('sha256', Buffer.from(input), privateKey)
        : sign('sha256', Buffer.from(input), {
            key: privateKey,
            dsaEncoding: 'ieee-p1363',
          });

    return `${input}.${signature.toString('base64url')}`;
  }
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
