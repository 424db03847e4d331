import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  jwtDecodeVerify,
  jwtEncodeSign,
  jwtEncodeSignRaw,
  jwtVerify,
} from './host-jwt';

const b64 = (v: unknown): string =>
  Buffer.from(JSON.stringify(v)).toString('base64url');

function hs256(payload: object, header: object = {}, secret = 's'): string {
  const input = `${b64({ alg: 'HS256', typ: 'JWT', ...header })}.${b64(payload)}`;
  const mac = createHmac('sha256', secret).update(input).digest('base64url');
  return `${input}.${mac}`;
}

const NOW = 2_000_000_000_000_000_000;
const decodeVerify = jwtDecodeVerify(() => NOW);

describe('io.jwt.decode_verify', () => {
  it('verifies signature and claims, returning header and payload', () => {
    const token = hs256({ iss: 'a', aud: ['x', 'y'] });
    expect(
      decodeVerify(token, { secret: 's', iss: 'a', aud: 'y', alg: 'HS256' }),
    ).toEqual([
      true,
      { alg: 'HS256', typ: 'JWT' },
      { iss: 'a', aud: ['x', 'y'] },
    ]);
  });

  it('is false when any check fails', () => {
    const invalid = [false, {}, {}];
    const token = hs256({ iss: 'a', aud: 'x' });
    expect(decodeVerify(token, { secret: 'other', aud: 'x' })).toEqual(invalid);
    expect(decodeVerify(token, { secret: 's', aud: 'x', iss: 'b' })).toEqual(
      invalid,
    );
    expect(decodeVerify(token, { secret: 's' })).toEqual(invalid);
    expect(
      decodeVerify(token, { secret: 's', aud: 'x', alg: 'HS512' }),
    ).toEqual(invalid);
    expect(decodeVerify(hs256({}, { crit: ['x'] }), { secret: 's' })).toEqual(
      invalid,
    );
  });

  it('compares exp and nbf exactly, at the constraint time', () => {
    const token = hs256({ nbf: 1589385770.1234, exp: 1589385771.1234 });
    const at = (time: number): unknown =>
      (decodeVerify(token, { secret: 's', time }) as unknown[])[0];
    expect(at(1589385770123400000)).toBe(true);
    expect(at(1589385770023400000)).toBe(false);
    expect(at(1589385771123400000)).toBe(false);
    expect(decodeVerify(hs256({ exp: 1 }), { secret: 's' })).toEqual([
      false,
      {},
      {},
    ]);
  });

  it('refuses malformed tokens and constraints (undefined)', () => {
    const token = hs256({});
    expect(decodeVerify('a.b', { secret: 's' })).toBeUndefined();
    expect(decodeVerify(token, { secret: 's', other: 1 })).toBeUndefined();
    expect(decodeVerify(token, {})).toBeUndefined();
    expect(decodeVerify(hs256({ exp: 'x' }), { secret: 's' })).toBeUndefined();
  });
});

describe('io.jwt.verify_<alg>', () => {
  it('verifies RS256 with a PEM key or a JWK set, and HS256', () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
    });
    const input = `${b64({ alg: 'RS256' })}.${b64({ a: 1 })}`;
    const sig = sign('sha256', Buffer.from(input), privateKey);
    const token = `${input}.${sig.toString('base64url')}`;
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const jwks = JSON.stringify({
      keys: [publicKey.export({ format: 'jwk' })],
    });

    expect(jwtVerify('RS256')(token, pem)).toBe(true);
    expect(jwtVerify('RS256')(token, jwks)).toBe(true);
    expect(jwtVerify('RS256')(`${token}x`, pem)).toBe(false);
    expect(jwtVerify('RS256')(token, 'not a key')).toBeUndefined();
    expect(jwtVerify('HS256')(hs256({}), 's')).toBe(true);
    expect(jwtVerify('HS256')(hs256({}), 't')).toBe(false);
  });
});

describe('io.jwt.encode_sign and encode_sign_raw', () => {
  const oct = { kty: 'oct', k: Buffer.from('s').toString('base64url') };

  it('signs JSON as Go marshals it, verifiable by verify_<alg>', () => {
    const token = jwtEncodeSign(
      { typ: 'JWT', alg: 'HS256' },
      { b: '<', a: 1 },
      oct,
    );
    const [h, p] = (token ?? '').split('.');
    expect(Buffer.from(h ?? '', 'base64url').toString()).toBe(
      '{"alg":"HS256","typ":"JWT"}',
    );
    expect(Buffer.from(p ?? '', 'base64url').toString()).toBe(
      '{"a":1,"b":"\\u003c"}',
    );
    expect(jwtVerify('HS256')(token, 's')).toBe(true);

    const { privateKey, publicKey } = generateKeyPairSync('ec', {
      namedCurve: 'P-256',
    });
    const es = jwtEncodeSign(
      { alg: 'ES256' },
      {},
      privateKey.export({ format: 'jwk' }),
    );
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(jwtVerify('ES256')(es, pem)).toBe(true);
  });

  it('keeps raw header and payload text', () => {
    const token = jwtEncodeSignRaw(
      '{"alg":"HS256", "x":1}',
      'hello',
      JSON.stringify(oct),
    );
    expect(token?.split('.')[1]).toBe('aGVsbG8');
    expect(jwtVerify('HS256')(token, 's')).toBe(true);
  });

  it('refuses an unknown alg or a key of the wrong kind', () => {
    expect(jwtEncodeSign({ alg: 'none' }, {}, oct)).toBeUndefined();
    expect(jwtEncodeSign({ alg: 'RS256' }, {}, oct)).toBeUndefined();
    expect(jwtEncodeSign({ alg: 'HS256' }, [], oct)).toBeUndefined();
  });
});
