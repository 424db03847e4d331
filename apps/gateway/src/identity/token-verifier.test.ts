import { identitySchema } from '@cellplane/contract';
import { beforeAll, describe, expect, it } from 'vitest';

import {
  AUDIENCE,
  ISSUER,
  encodeToken,
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
  signature,
  validClaims,
  type TestKey,
} from '../../test/cases/support/forge-token';
import { TokenVerifier } from './token-verifier';

let rsa: TestKey;
let ec: TestKey;
let ed: TestKey;

beforeAll(() => {
  rsa = makeKey('RS256', 'r1');
  ec = makeKey('ES256', 'e1');
  ed = makeKey('EdDSA', 'd1');
});

function verifier(
  options: Parameters<typeof TokenVerifier.fromIdentity>[1] = {},
  revoked: string[] = [],
) {
  const identity = makeIdentity(
    [makeIssuer([rsa, ec, ed], { algorithms: ['RS256', 'ES256', 'EdDSA'] })],
    revoked,
  );

  return TokenVerifier.fromIdentity(identitySchema.parse(identity), options);
}

function code(result: ReturnType<TokenVerifier['verify']>): string {
  return result.ok ? 'ok' : result.code;
}

describe('TokenVerifier', () => {
  it('verifies RS256, ES256 and EdDSA tokens of configured keys', () => {
    const v = verifier();
    for (const key of [rsa, ec, ed]) {
      const result = v.verify(
        genuineToken(key, { roles: ['user', 'bad role'] }),
      );

      expect(result).toMatchObject({
        ok: true,
        issuer: ISSUER,
        sub: 'user-1',
        tenantId: 't-a',
        roles: ['user'],
      });
    }
  });

  it('refuses with 401 and a bare challenge, keeping the reason for logs', () => {
    const result = verifier().verify('not-a-token');

    expect(result).toEqual({
      ok: false,
      code: 'GW_TOKEN_INVALID',
      status: 401,
      reason: 'not three parts',
      headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
    });
  });

  it('checks exp, nbf and iat with the leeway', () => {
    const now = Math.floor(Date.now() / 1000);
    const v = verifier();

    expect(code(v.verify(genuineToken(rsa, { exp: now - 31 })))).toBe(
      'GW_TOKEN_EXPIRED',
    );
    expect(code(v.verify(genuineToken(rsa, { exp: now - 10 })))).toBe('ok');
    expect(code(v.verify(genuineToken(rsa, { exp: undefined })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { exp: '9999999999' })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { nbf: now + 60 })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { nbf: now + 20 })))).toBe('ok');
    expect(code(v.verify(genuineToken(rsa, { iat: now + 60 })))).toBe(
      'GW_TOKEN_INVALID',
    );
  });

  it('checks iss, aud, sub, tenant claim and revoked jti', () => {
    const v = verifier({}, ['gone']);

    expect(code(v.verify(genuineToken(rsa, { iss: 'https://other' })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { aud: 'other' })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { aud: ['x', AUDIENCE] })))).toBe(
      'ok',
    );
    expect(code(v.verify(genuineToken(rsa, { aud: undefined })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { sub: 'a\r\nb' })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { tenant_id: 'T A' })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { tenant_id: undefined })))).toBe(
      'GW_TOKEN_INVALID',
    );
    expect(code(v.verify(genuineToken(rsa, { jti: 'gone' })))).toBe(
      'GW_TOKEN_INVALID',
    );
  });

  it('refuses a key used with another algorithm than its own', () => {
    const v = verifier();
    const token = encodeToken(
      { alg: 'ES256', kid: rsa.kid },
      validClaims(),
      (input) => signature(ec, input),
    );

    expect(v.verify(token)).toMatchObject({
      reason: 'kid of another algorithm',
    });
  });

  it('refuses crit headers and tampered payloads', () => {
    const v = verifier();
    const crit = genuineToken(
      rsa,
      {},
      { kid: rsa.kid, crit: ['b64'], b64: false },
    );
    const [h, , s] = genuineToken(rsa).split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify(validClaims({ tenant_id: 't-b' }))).toString('base64url')}.${s}`;

    expect(code(v.verify(crit))).toBe('GW_TOKEN_INVALID');
    expect(v.verify(tampered)).toMatchObject({ reason: 'bad signature' });
  });

  it('caches a token verified a second time until it expires, bounded in size', () => {
    let now = Date.now();
    const v = verifier({ now: () => now, cacheSize: 2 });
    const exp = Math.floor(now / 1000) + 60;
    const token = genuineToken(ed, { exp });

    expect(code(v.verify(token))).toBe('ok');
    expect(v.cachedTokens).toBe(0);
    expect(code(v.verify(token))).toBe('ok');
    expect(v.cachedTokens).toBe(1);
    expect(v.verify(token)).toBe(v.verify(token));

    for (let i = 0; i < 2; i += 1) {
      const other = genuineToken(ed);
      v.verify(other);
      v.verify(other);
    }
    expect(v.cachedTokens).toBe(2);

    now = (exp + 31) * 1000;
    expect(code(v.verify(token))).toBe('GW_TOKEN_EXPIRED');
  });

  it('bounds a cached entry by the cache TTL', () => {
    let now = Date.now();
    const v = verifier({ now: () => now, cacheTtlMs: 1000 });
    const token = genuineToken(rsa);
    v.verify(token);
    v.verify(token);
    expect(v.cachedTokens).toBe(1);

    now += 1500;
    expect(code(v.verify(token))).toBe('ok');
    expect(v.cachedTokens).toBe(1);
  });

  it('refuses a signature spelled with the spare bits of its last character set', () => {
    const v = verifier();
    const token = genuineToken(rsa);
    const last = token.at(-1)!;
    const alphabet =
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // A 256-byte signature ends in a character holding 4 bits of padding.
    const respelled = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(last) ^ 1]}`;

    expect(code(v.verify(token))).toBe('ok');
    expect(v.verify(respelled)).toMatchObject({
      code: 'GW_TOKEN_INVALID',
      reason: 'signature not canonical base64url',
    });
  });

  it('takes no cache entry for a token sent once', () => {
    const v = verifier();
    for (let i = 0; i < 50; i += 1) {
      expect(code(v.verify(genuineToken(rsa, { jti: `once-${i}` })))).toBe(
        'ok',
      );
    }

    expect(v.cachedTokens).toBeLessThan(5);
  });

  it('keeps the previous verifier for an unchanged identity, else starts afresh', () => {
    const identity = makeIdentity([makeIssuer([rsa])]);
    const first = TokenVerifier.fromIdentity(identity);

    expect(
      TokenVerifier.fromIdentity(structuredClone(identity), {}, first),
    ).toBe(first);
    expect(
      TokenVerifier.fromIdentity(
        makeIdentity([makeIssuer([rsa])], ['x']),
        {},
        first,
      ),
    ).not.toBe(first);
  });

  it('refuses identity sections it cannot use', () => {
    expect(() =>
      TokenVerifier.fromIdentity(
        makeIdentity([makeIssuer([rsa, makeKey('RS256', 'r1')])]),
      ),
    ).toThrow(expect.objectContaining({ code: 'GW_SNAPSHOT_IDENTITY' }));
    expect(() =>
      TokenVerifier.fromIdentity(
        makeIdentity([makeIssuer([rsa]), makeIssuer([], { id: 'two' })]),
      ),
    ).toThrow(expect.objectContaining({ code: 'GW_SNAPSHOT_IDENTITY' }));
    expect(() =>
      TokenVerifier.fromIdentity(
        makeIdentity([
          makeIssuer([{ ...rsa, jwk: { ...rsa.jwk, n: 'AAAA' } } as TestKey]),
        ]),
      ),
    ).toThrow(expect.objectContaining({ code: 'GW_SNAPSHOT_IDENTITY' }));
  });

  it('refuses every token when the snapshot has no identity section', () => {
    expect(
      code(TokenVerifier.fromIdentity(undefined).verify(genuineToken(rsa))),
    ).toBe('GW_TOKEN_INVALID');
  });
});
