import { randomBytes, sign, type KeyObject } from 'node:crypto';

/** A private key the load driver signs tokens with (never logged). */
export type LoadSigningKey = {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
};

export type LoadIdentity = {
  /** The `iss` and one `aud` the gateway's issuer accepts. */
  issuer: string;
  audience: string;
  keys: readonly LoadSigningKey[];
  /** Share of fresh tokens signed ES256 (the rest RS256). */
  es256Share: number;
  /** Share of simulated users that also hold the `admin` role. */
  adminShare: number;
  /** Lifetime of a token: short, as an identity provider issues them. */
  lifetimeS: number;
};

export type MintedToken = {
  token: string;
  tenantId: string;
  /** Epoch ms of `exp`. */
  expiresAt: number;
};

/**
 * Mints JWTs for simulated users with node:crypto: claims `iss`, `aud`,
 * `sub`, `tenant`, `roles` (`shopper`, and `admin` for a few), `iat`,
 * `exp` and a unique `jti`. Signing runs on libuv's thread pool (the
 * callback form of `sign`), so a 2048-bit RSA signature (about 0.6 ms)
 * does not stall the driver's event loop.
 */
export class TokenMinter {
  private readonly rs256: LoadSigningKey | undefined;
  private readonly es256: LoadSigningKey | undefined;

  constructor(private readonly identity: LoadIdentity) {
    this.rs256 = identity.keys.find((key) => key.alg === 'RS256');
    this.es256 = identity.keys.find((key) => key.alg === 'ES256');
    if (!this.rs256 && !this.es256) {
      throw new Error('load identity: no RS256 or ES256 signing key');
    }
  }

  async mint(tenantId: string, random: () => number): Promise<MintedToken> {
    const key = this.pickKey(random);
    const now = Math.floor(Date.now() / 1000);
    const exp = now + this.identity.lifetimeS;

    const header = { alg: key.alg, typ: 'JWT', kid: key.kid };
    const payload = {
      iss: this.identity.issuer,
      aud: this.identity.audience,
      sub: `user-${tenantId}-${Math.floor(random() * 1_000)}`,
      tenant: tenantId,
      roles:
        random() < this.identity.adminShare
          ? ['shopper', 'admin']
          : ['shopper'],
      iat: now,
      exp,
      jti: randomBytes(12).toString('base64url'),
    };
    const signingInput = `${encode(header)}.${encode(payload)}`;
    const signature = await signAsync(key, signingInput);

    return {
      token: `${signingInput}.${signature.toString('base64url')}`,
      tenantId,
      expiresAt: exp * 1000,
    };
  }

  private pickKey(random: () => number): LoadSigningKey {
    const wantEs256 = random() < this.identity.es256Share;

    return (
      wantEs256 ? (this.es256 ?? this.rs256) : (this.rs256 ?? this.es256)
    )!;
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

// ES256 signatures are the raw r||s pair JWS requires (RFC 7518 3.4), not
// DER; RS256 is PKCS#1 v1.5, node's default for an RSA key.
function signAsync(key: LoadSigningKey, input: string): Promise<Buffer> {
  const options =
    key.alg === 'ES256'
      ? { key: key.privateKey, dsaEncoding: 'ieee-p1363' as const }
      : key.privateKey;

  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input), options, (error, signature) =>
      error ? reject(error) : resolve(signature),
    );
  });
}
