import {
  X509Certificate,
  constants,
  createHmac,
  createPrivateKey,
  createPublicKey,
  timingSafeEqual,
  sign,
  verify,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

import { goMarshal } from './host-encoding';

/**
 * JWT built-ins on the host, over node:crypto: `io.jwt.verify_<alg>(token,
 * key)`, `io.jwt.decode_verify(token, constraints)` with OPA's semantics,
 * and `io.jwt.encode_sign` / `encode_sign_raw` (keys as JWKs). A malformed token, key or constraint
 * is a built-in error (undefined); a token that fails any check verifies
 * as false (`[false, {}, {}]` for decode_verify).
 */

const HASH: Record<string, string> = {
  '256': 'sha256',
  '384': 'sha384',
  '512': 'sha512',
};

export const JWT_ALGS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];

class JwtError extends Error {}

interface Token {
  header: Record<string, unknown>;
  payloadText: string;
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

function parseToken(token: unknown): Token {
  if (typeof token !== 'string') throw new JwtError('token is not a string');
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) {
    throw new JwtError('token is not a compact JWS');
  }
  const [h, p, s] = parts as [string, string, string];
  const header: unknown = JSON.parse(Buffer.from(h, 'base64url').toString());
  const payloadText = Buffer.from(p, 'base64url').toString();
  if (!isObject(header) || 'enc' in header) {
    throw new JwtError('JWE or a header that is not an object');
  }

  return {
    header,
    payloadText,
    signingInput: `${h}.${p}`,
    signature: Buffer.from(s, 'base64url'),
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Public keys from a PEM certificate or key, a JWK, or a JWK set. */
function publicKeys(material: string): KeyObject[] {
  if (material.includes('-----BEGIN CERTIFICATE-----')) {
    return [new X509Certificate(material).publicKey];
  }
  if (material.includes('-----BEGIN')) return [createPublicKey(material)];
  const jwk: unknown = JSON.parse(material);
  const keys = isObject(jwk) && Array.isArray(jwk.keys) ? jwk.keys : [jwk];

  return keys.map((k) =>
    createPublicKey({ key: k as JsonWebKey, format: 'jwk' }),
  );
}

function verifyWithKey(alg: string, t: Token, key: KeyObject): boolean {
  const data = Buffer.from(t.signingInput);
  const hash = HASH[alg.slice(2)];
  try {
    if (alg === 'EdDSA') return verify(null, data, key, t.signature);
    if (alg.startsWith('RS')) return verify(hash, data, key, t.signature);
    if (alg.startsWith('PS')) {
      return verify(
        hash,
        data,
        {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_AUTO,
        },
        t.signature,
      );
    }
    if (alg.startsWith('ES')) {
      return verify(
        hash,
        data,
        { key, dsaEncoding: 'ieee-p1363' },
        t.signature,
      );
    }
  } catch {
    // A key of another type than the algorithm's does not verify.
  }

  return false;
}

function verifyHmac(alg: string, t: Token, secret: string): boolean {
  const hash = HASH[alg.slice(2)];
  if (!alg.startsWith('HS') || !hash) return false;
  const mac = createHmac(hash, secret).update(t.signingInput).digest();

  return mac.length === t.signature.length && timingSafeEqual(mac, t.signature);
}

function verifySignature(
  alg: string,
  t: Token,
  key: { secret: string } | { keys: KeyObject[] },
): boolean {
  if ('secret' in key) return verifyHmac(alg, t, key.secret);
  if (alg.startsWith('HS')) return false;

  return key.keys.some((k) => verifyWithKey(alg, t, k));
}

function guard<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** `io.jwt.verify_<alg>(token, key)`: the signature only. */
export function jwtVerify(alg: string) {
  return (token: unknown, key: unknown): boolean | undefined =>
    guard(() => {
      if (typeof key !== 'string') throw new JwtError('key is not a string');
      const t = parseToken(token);
      const material = alg.startsWith('HS')
        ? { secret: key }
        : { keys: publicKeys(key) };

      return verifySignature(alg, t, material);
    });
}

/**
 * A JSON number as exact nanoseconds (`scale` 9 for seconds), from its
 * shortest decimal form, so that `exp` and `time` compare as OPA's
 * decimal numbers do rather than as rounded floats.
 */
function nanos(n: number, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(n));
  if (!m) throw new JwtError('not a finite number');
  const digits = `${m[2]}${m[3] ?? ''}`;
  const exp = Number(m[4] ?? 0) - (m[3]?.length ?? 0) + scale;
  const whole =
    exp >= 0
      ? BigInt(digits) * 10n ** BigInt(exp)
      : BigInt(digits) / 10n ** BigInt(-exp);

  return m[1] === '-' ? -whole : whole;
}

const CONSTRAINTS = new Set(['cert', 'secret', 'alg', 'iss', 'aud', 'time']);

interface Constraints {
  key: { secret: string } | { keys: KeyObject[] };
  alg: string | undefined;
  iss: string | undefined;
  aud: string | undefined;
  time: bigint;
}

function readConstraints(c: unknown, now: () => number): Constraints {
  if (!isObject(c)) throw new JwtError('constraints are not an object');
  for (const k of Object.keys(c)) {
    if (!CONSTRAINTS.has(k)) throw new JwtError(`unknown constraint ${k}`);
  }
  const str = (k: string): string | undefined => {
    const v = c[k];
    if (v !== undefined && typeof v !== 'string') {
      throw new JwtError(`constraint ${k} is not a string`);
    }
    return v;
  };
  const cert = str('cert');
  const secret = str('secret');
  if ((cert === undefined) === (secret === undefined)) {
    throw new JwtError('exactly one of cert and secret is needed');
  }
  const time = c.time ?? now();
  if (typeof time !== 'number') throw new JwtError('time is not a number');

  return {
    key:
      secret !== undefined ? { secret } : { keys: publicKeys(cert as string) },
    alg: str('alg'),
    iss: str('iss'),
    aud: str('aud'),
    time: nanos(time, 0),
  };
}

function claimsValid(p: Record<string, unknown>, c: Constraints): boolean {
  for (const claim of ['exp', 'nbf']) {
    const v = p[claim];
    if (v === undefined) continue;
    if (typeof v !== 'number') throw new JwtError(`${claim} is not a number`);
    const at = nanos(v, 9);
    if (claim === 'exp' ? c.time >= at : c.time < at) return false;
  }
  if (c.iss !== undefined && p.iss !== c.iss) return false;
  const aud = p.aud;
  if (c.aud === undefined) return aud === undefined;
  if (typeof aud === 'string') return aud === c.aud;

  return Array.isArray(aud) && aud.includes(c.aud);
}

const INVALID = [false, {}, {}];

function decodeVerify(token: unknown, c: Constraints, depth: number): unknown {
  const t = parseToken(token);
  const alg = t.header.alg;
  if (typeof alg !== 'string' || !JWT_ALGS.includes(alg)) return INVALID;
  if (c.alg !== undefined && c.alg !== alg) return INVALID;
  if (t.header.crit !== undefined) return INVALID;
  if (!verifySignature(alg, t, c.key)) return INVALID;
  if (t.header.cty === 'JWT') {
    if (depth >= 8) throw new JwtError('tokens nested too deep');
    return decodeVerify(t.payloadText, c, depth + 1);
  }
  const payload: unknown = JSON.parse(t.payloadText);
  if (!isObject(payload)) throw new JwtError('payload is not an object');
  if (!claimsValid(payload, c)) return INVALID;

  return [true, t.header, payload];
}

/** `io.jwt.decode_verify`; `now` gives the evaluation's time in ns. */
export function jwtDecodeVerify(now: () => number) {
  return (token: unknown, constraints: unknown): unknown =>
    guard(() => decodeVerify(token, readConstraints(constraints, now), 0));
}

/** Signs `input` with a JWK: `oct` keys for HS, private keys otherwise. */
function signWith(alg: string, input: string, jwk: unknown): string {
  if (!isObject(jwk)) throw new JwtError('key is not a JWK object');
  const hash = HASH[alg.slice(2)];
  const data = Buffer.from(input);
  let sig: Buffer;
  if (alg.startsWith('HS') && hash) {
    if (jwk.kty !== 'oct' || typeof jwk.k !== 'string') {
      throw new JwtError('HS algorithms need an oct key');
    }
    sig = createHmac(hash, Buffer.from(jwk.k, 'base64url'))
      .update(data)
      .digest();
  } else {
    const key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    if (alg === 'EdDSA') sig = sign(null, data, key);
    else if (alg.startsWith('RS')) sig = sign(hash, data, key);
    else if (alg.startsWith('PS')) {
      sig = sign(hash, data, {
        key,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
      });
    } else sig = sign(hash, data, { key, dsaEncoding: 'ieee-p1363' });
  }

  return `${input}.${sig.toString('base64url')}`;
}

function algOf(header: unknown): string {
  const alg = isObject(header) ? header.alg : undefined;
  if (typeof alg !== 'string' || !JWT_ALGS.includes(alg)) {
    throw new JwtError('unknown or missing alg');
  }
  return alg;
}

const b64 = (text: string): string => Buffer.from(text).toString('base64url');

/** `io.jwt.encode_sign(headers, payload, jwk)`: JSON as Go marshals it. */
export function jwtEncodeSign(
  headers: unknown,
  payload: unknown,
  key: unknown,
): string | undefined {
  return guard(() => {
    if (!isObject(payload)) throw new JwtError('payload is not an object');
    const alg = algOf(headers);
    const input = `${b64(goMarshal(headers))}.${b64(goMarshal(payload))}`;
    return signWith(alg, input, key);
  });
}

/** `io.jwt.encode_sign_raw(headers, payload, jwk)`: all three as text. */
export function jwtEncodeSignRaw(
  headers: unknown,
  payload: unknown,
  key: unknown,
): string | undefined {
  return guard(() => {
    if (
      typeof headers !== 'string' ||
      typeof payload !== 'string' ||
      typeof key !== 'string'
    ) {
      throw new JwtError('arguments are not strings');
    }
    const alg = algOf(JSON.parse(headers));
    return signWith(alg, `${b64(headers)}.${b64(payload)}`, JSON.parse(key));
  });
}
