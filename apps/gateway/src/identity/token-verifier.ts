import { createPublicKey, verify, type KeyObject } from 'node:crypto';

import type {
  Identity,
  Issuer,
  Jwk,
  TokenAlgorithm,
} from '@cellplane/contract';

import { EdgeConfigError } from '../hygiene/edge-config-error';
import { refuse, type EdgeRefusal } from '../hygiene/edge-refusal';
import { Doorkeeper } from '../caching/doorkeeper';

/**
 * JWT verification with the keys of the snapshot's identity section
 * (K06 to K08).
 *
 * ```ts
 * // once per applied snapshot (throws EdgeConfigError: NACK the snapshot)
 * const verifier = TokenVerifier.fromIdentity(body.identity, options, old);
 * verifier.verify(token) -> VerifiedToken | EdgeRefusal
 * ```
 *
 * Rules:
 * 1. The token's `iss` picks the issuer; an unknown issuer is refused.
 * 2. The header's `alg` must be in that issuer's configured `algorithms`,
 *    compared exactly: `none`, `None`, `HS256` (however keyed), `PS256`
 *    and anything else are refused. The algorithm a key is used with is the
 *    configured one, never chosen by the token (K06).
 * 3. `kid` picks among the issuer's configured keys of that algorithm
 *    only. `jku`, `x5u`, `jwk` and `x5c` are never read, so nothing is
 *    fetched or trusted from a token; keys change only with a snapshot
 *    (K07). A token with no `kid` is accepted only if the issuer has
 *    exactly one key usable with its `alg`; with several it is refused. An
 *    unknown `kid` is refused at once (no refresh: the snapshot is the
 *    only source of keys, so nothing can be triggered by a stream of
 *    unknown kids, K08). `crit` is refused (no extension is understood).
 * 4. Claims: `exp` is required and `now - leeway < exp`; `nbf`, if present,
 *    `<= now + leeway`; `iat`, if present, not after `now + leeway`; `aud`
 *    (string or array) holds one of the issuer's audiences; `jti` not in
 *    `revokedTokenIds`; `sub` a printable string; the issuer's tenant claim
 *    a tenant id. `roles`, if an array, gives the user's roles (entries
 *    that are not plain tokens are dropped, which only removes rights).
 * 5. A failure is 401 `GW_TOKEN_EXPIRED` (exp only) or `GW_TOKEN_INVALID`,
 *    with `www-authenticate: Bearer error="invalid_token"` and nothing
 *    else; which check failed is in `reason`, for the log.
 *
 * Cost: a verified token seen for the second time is cached (LRU of
 * `cacheSize` entries, keyed by the whole token string; the first
 * sighting is remembered by a `Doorkeeper`, so single-use tokens take no
 * entry) until `min(exp + leeway, now + cacheTtlMs)`, so a repeated token
 * costs a map lookup instead of a signature check. Key objects are built
 * once per identity section. `fromIdentity` returns the
 * previous verifier, cache and all, when the section is unchanged, and a
 * fresh one (empty cache) when it changed, so a revocation or a removed
 * key takes effect with the snapshot that carries it (K08).
 */
export interface VerifiedToken {
  readonly ok: true;
  readonly issuerId: string;
  readonly issuer: string;
  readonly sub: string;
  readonly tenantId: string;
  readonly roles: readonly string[];
  readonly claims: Readonly<Record<string, unknown>>;
  /** Epoch ms after which the token is expired (`exp` plus leeway). */
  readonly expiresAt: number;
}

export interface TokenVerifierOptions {
  /** Verified tokens kept; the least recently used goes first. */
  readonly cacheSize?: number;
  /** Longest time a verified token is trusted without a new check. */
  readonly cacheTtlMs?: number;
  /** Clock in epoch ms; tests move it. */
  readonly now?: () => number;
}

export const INVALID_TOKEN_CHALLENGE = Object.freeze({
  'www-authenticate': 'Bearer error="invalid_token"',
});

interface UsableKey {
  readonly kid: string;
  readonly algorithm: TokenAlgorithm;
  readonly key: KeyObject;
}

interface IssuerEntry {
  readonly config: Issuer;
  readonly algorithms: ReadonlySet<string>;
  readonly audiences: ReadonlySet<string>;
  readonly keysByKid: ReadonlyMap<string, UsableKey>;
  /** The key for a token with no `kid`, per algorithm, when only one. */
  readonly soleKey: ReadonlyMap<TokenAlgorithm, UsableKey>;
}

interface CacheEntry {
  readonly token: VerifiedToken;
  readonly validUntil: number;
}

const MAX_TOKEN_LENGTH = 8192;
const PART = /^[A-Za-z0-9_-]+$/;
const TENANT_ID = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const SUBJECT = /^[\x21-\x7e]{1,256}$/;
const ROLE = /^[A-Za-z0-9._:-]{1,64}$/;

export class TokenVerifier {
  private readonly cache = new Map<string, CacheEntry>();

  // The signature, at the token's end, is where two tokens differ.
  private readonly seen = new Doorkeeper({ lastChars: 32 });

  private constructor(
    private readonly fingerprint: string,
    private readonly issuers: ReadonlyMap<string, IssuerEntry>,
    private readonly revoked: ReadonlySet<string>,
    private readonly cacheSize: number,
    private readonly cacheTtlMs: number,
    private readonly now: () => number,
  ) {}

  /**
   * The verifier for an identity section (absent: no issuer, every token
   * refused). Returns `previous` itself when the section is the same, so
   * its cache survives snapshots that change something else.
   */
  static fromIdentity(
    identity: Identity | undefined,
    options: TokenVerifierOptions = {},
    previous?: TokenVerifier,
  ): TokenVerifier {
    const fingerprint = JSON.stringify(identity ?? null);
    if (previous !== undefined && previous.fingerprint === fingerprint) {
      return previous;
    }

    const issuers = new Map<string, IssuerEntry>();
    for (const issuer of identity?.issuers ?? []) {
      if (issuers.has(issuer.issuer)) {
        throw new EdgeConfigError(
          'GW_SNAPSHOT_IDENTITY',
          `issuer ${issuer.id} repeats the iss of another issuer`,
        );
      }
      issuers.set(issuer.issuer, buildIssuer(issuer));
    }

    return new TokenVerifier(
      fingerprint,
      issuers,
      new Set(identity?.revokedTokenIds ?? []),
      options.cacheSize ?? 10_000,
      options.cacheTtlMs ?? 300_000,
      options.now ?? Date.now,
    );
  }

  /** Tokens currently cached (for metrics and tests). */
  get cachedTokens(): number {
    return this.cache.size;
  }

  verify(token: string): VerifiedToken | EdgeRefusal {
    const now = this.now();

    const cached = this.cache.get(token);
    if (cached !== undefined) {
      this.cache.delete(token);
      if (now < cached.validUntil) {
        this.cache.set(token, cached);

        return cached.token;
      }
    }

    const result = this.check(token, now);
    if (result.ok && this.seen.seenBefore(token)) {
      this.remember(token, result, now);
    }

    return result;
  }

  private check(token: string, now: number): VerifiedToken | EdgeRefusal {
    if (token.length > MAX_TOKEN_LENGTH) return invalid('token too long');

    const firstDot = token.indexOf('.');
    const secondDot = token.indexOf('.', firstDot + 1);
    if (firstDot < 0 || secondDot < 0 || token.includes('.', secondDot + 1)) {
      return invalid('not three parts');
    }
    const headerPart = token.slice(0, firstDot);
    const payloadPart = token.slice(firstDot + 1, secondDot);
    const signaturePart = token.slice(secondDot + 1);
    if (
      !PART.test(headerPart) ||
      !PART.test(payloadPart) ||
      !PART.test(signaturePart)
    ) {
      return invalid('part not base64url');
    }

    const header = decodeObject(headerPart);
    const payload = decodeObject(payloadPart);
    if (header === null || payload === null) return invalid('part not JSON');

    // 1. Issuer, from the unverified payload: it only selects the keys.
    const issuer =
      typeof payload.iss === 'string'
        ? this.issuers.get(payload.iss)
        : undefined;
    if (issuer === undefined) return invalid('unknown issuer');

    // 2. Algorithm, from configuration.
    const alg = header.alg;
    if (typeof alg !== 'string' || !issuer.algorithms.has(alg)) {
      return invalid(`algorithm not allowed: ${String(alg).slice(0, 16)}`);
    }
    if (header.crit !== undefined) return invalid('crit header');

    // 3. Key, among the configured ones.
    const key = selectKey(issuer, alg as TokenAlgorithm, header.kid);
    if (typeof key === 'string') return invalid(key);

    // base64url ignores the spare bits of the last character: without this
    // check one signature has several spellings, so one token several
    // strings (cache keys, lists of seen tokens) for the same credential.
    const signature = Buffer.from(signaturePart, 'base64url');
    if (signature.toString('base64url') !== signaturePart) {
      return invalid('signature not canonical base64url');
    }
    const signed = Buffer.from(token.slice(0, secondDot), 'latin1');
    if (!verifySignature(key, signed, signature)) {
      return invalid('bad signature');
    }

    // 4. Claims.
    return checkClaims(issuer, payload, this.revoked, now);
  }

  private remember(token: string, verified: VerifiedToken, now: number): void {
    const validUntil = Math.min(verified.expiresAt, now + this.cacheTtlMs);
    this.cache.set(token, { token: verified, validUntil });

    if (this.cache.size > this.cacheSize) {
      const oldest = this.cache.keys().next().value as string;
      this.cache.delete(oldest);
    }
  }
}

function buildIssuer(issuer: Issuer): IssuerEntry {
  const keysByKid = new Map<string, UsableKey>();
  const perAlgorithm = new Map<TokenAlgorithm, UsableKey[]>();

  for (const jwk of issuer.keys) {
    if (keysByKid.has(jwk.kid)) {
      throw new EdgeConfigError(
        'GW_SNAPSHOT_IDENTITY',
        `issuer ${issuer.id} has two keys with kid ${jwk.kid}`,
      );
    }

    const algorithm = algorithmOf(jwk);
    let key: KeyObject;
    try {
      key = createPublicKey({ key: publicPart(jwk), format: 'jwk' });
    } catch (error) {
      throw new EdgeConfigError(
        'GW_SNAPSHOT_IDENTITY',
        `issuer ${issuer.id} key ${jwk.kid} is not a usable public key`,
        { cause: error },
      );
    }

    const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
    if (algorithm === 'RS256' && bits < 2048) {
      throw new EdgeConfigError(
        'GW_SNAPSHOT_IDENTITY',
        `issuer ${issuer.id} key ${jwk.kid} is an RSA key under 2048 bits`,
      );
    }

    const usable = { kid: jwk.kid, algorithm, key };
    keysByKid.set(jwk.kid, usable);
    perAlgorithm.set(algorithm, [
      ...(perAlgorithm.get(algorithm) ?? []),
      usable,
    ]);
  }

  const soleKey = new Map<TokenAlgorithm, UsableKey>();
  for (const [algorithm, keys] of perAlgorithm) {
    if (keys.length === 1) soleKey.set(algorithm, keys[0]!);
  }

  return {
    config: issuer,
    algorithms: new Set(issuer.algorithms),
    audiences: new Set(issuer.audiences),
    keysByKid,
    soleKey,
  };
}

/** The one algorithm a key serves, from its type (and `alg` if given). */
function algorithmOf(jwk: Jwk): TokenAlgorithm {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC') return 'ES256';

  return 'EdDSA';
}

/** Only the public members reach `createPublicKey`. */
function publicPart(jwk: Jwk): Record<string, string> {
  if (jwk.kty === 'RSA') return { kty: 'RSA', n: jwk.n, e: jwk.e };
  if (jwk.kty === 'EC') {
    return { kty: 'EC', crv: jwk.crv, x: jwk.x, y: jwk.y };
  }

  return { kty: 'OKP', crv: jwk.crv, x: jwk.x };
}

function selectKey(
  issuer: IssuerEntry,
  alg: TokenAlgorithm,
  kid: unknown,
): UsableKey | string {
  if (kid === undefined) {
    return issuer.soleKey.get(alg) ?? 'no kid and not exactly one key';
  }
  if (typeof kid !== 'string') return 'kid not a string';

  const key = issuer.keysByKid.get(kid);
  if (key === undefined) return 'unknown kid';
  if (key.algorithm !== alg) return 'kid of another algorithm';

  return key;
}

function verifySignature(
  key: UsableKey,
  signed: Buffer,
  signature: Buffer,
): boolean {
  try {
    if (key.algorithm === 'RS256') {
      return verify('sha256', signed, key.key, signature);
    }
    if (signature.length !== 64) return false;
    if (key.algorithm === 'ES256') {
      return verify(
        'sha256',
        signed,
        { key: key.key, dsaEncoding: 'ieee-p1363' },
        signature,
      );
    }

    return verify(null, signed, key.key, signature);
  } catch {
    // A signature node:crypto cannot even parse is simply not valid.
    return false;
  }
}

function checkClaims(
  issuer: IssuerEntry,
  payload: Record<string, unknown>,
  revoked: ReadonlySet<string>,
  nowMs: number,
): VerifiedToken | EdgeRefusal {
  const { config } = issuer;
  const now = nowMs / 1000;
  const leeway = config.leewaySeconds;

  const { exp, nbf, iat, aud, jti, sub } = payload;
  if (!isTime(exp)) return invalid('exp missing');
  if (now - leeway >= exp) {
    return refuse('GW_TOKEN_EXPIRED', 'expired', INVALID_TOKEN_CHALLENGE);
  }
  if (nbf !== undefined && (!isTime(nbf) || nbf > now + leeway)) {
    return invalid('not yet valid');
  }
  if (iat !== undefined && (!isTime(iat) || iat > now + leeway)) {
    return invalid('issued in the future');
  }

  const audiences = typeof aud === 'string' ? [aud] : aud;
  if (
    !Array.isArray(audiences) ||
    !audiences.some((a) => typeof a === 'string' && issuer.audiences.has(a))
  ) {
    return invalid('audience');
  }

  if (jti !== undefined && (typeof jti !== 'string' || revoked.has(jti))) {
    return invalid('revoked or bad jti');
  }
  if (typeof sub !== 'string' || !SUBJECT.test(sub)) return invalid('sub');

  const tenantId = payload[config.tenantClaim];
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
    return invalid('tenant claim');
  }

  const roles = Array.isArray(payload.roles)
    ? payload.roles.filter(
        (role): role is string => typeof role === 'string' && ROLE.test(role),
      )
    : [];

  return {
    ok: true,
    issuerId: config.id,
    issuer: config.issuer,
    sub,
    tenantId,
    roles,
    claims: payload,
    expiresAt: (exp + leeway) * 1000,
  };
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function decodeObject(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(
      Buffer.from(part, 'base64url').toString('utf8'),
    );

    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function invalid(reason: string): EdgeRefusal {
  return refuse('GW_TOKEN_INVALID', reason, INVALID_TOKEN_CHALLENGE);
}
