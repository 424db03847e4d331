import { constants, sign } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TokenVerifier } from '../../src/identity/token-verifier';
import { send, startEdge, type Edge } from './support/edge-harness';
import {
  b64url,
  encodeToken,
  genuineToken,
  hmacSigner,
  makeIdentity,
  makeIssuer,
  makeKey,
  signature,
  validClaims,
  type TestKey,
} from './support/forge-token';
import { route } from './support/path-cases';

let rsa: TestKey;
let verifier: TokenVerifier;
let edge: Edge;
const attacks: [string, () => string][] = [];

beforeAll(async () => {
  rsa = makeKey('RS256', 'k1');
  const ec = makeKey('ES256', 'k1');
  const identity = makeIdentity([makeIssuer([rsa], { algorithms: ['RS256'] })]);
  verifier = TokenVerifier.fromIdentity(identity);
  edge = await startEdge({
    routes: [route('api', '/', 'required')],
    identity,
    policy: () => true,
  });

  const pem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;
  const claims = validClaims();
  const unsigned = (alg: string) =>
    `${b64url(JSON.stringify({ alg, kid: 'k1' }))}.${b64url(JSON.stringify(claims))}.`;

  attacks.push(
    ['alg none', () => unsigned('none')],
    ['alg None', () => unsigned('None')],
    ['alg NONE', () => unsigned('NONE')],
    ['alg nOnE with a junk signature', () => `${unsigned('nOnE')}AAAA`],
    [
      'alg none carrying the genuine RS256 signature',
      () => {
        const [, payload, sig] = genuineToken(rsa, claims).split('.');

        return `${b64url(JSON.stringify({ alg: 'none', kid: 'k1' }))}.${payload}.${sig}`;
      },
    ],
    [
      'HS256 keyed with the public PEM',
      () => encodeToken({ alg: 'HS256', kid: 'k1' }, claims, hmacSigner(pem)),
    ],
    [
      'HS256 keyed with the PEM without its final newline',
      () =>
        encodeToken(
          { alg: 'HS256', kid: 'k1' },
          claims,
          hmacSigner(pem.trimEnd()),
        ),
    ],
    [
      'HS256 keyed with the JWK modulus',
      () =>
        encodeToken(
          { alg: 'HS256', kid: 'k1' },
          claims,
          hmacSigner((rsa.jwk as { n: string }).n),
        ),
    ],
    [
      'ES256 with a key of the same kid',
      () =>
        encodeToken({ alg: 'ES256', kid: 'k1' }, claims, (i) =>
          signature(ec, i),
        ),
    ],
    [
      'PS256 by the configured RSA key',
      () =>
        encodeToken({ alg: 'PS256', kid: 'k1' }, claims, (input) =>
          // PSS with the real private key: still refused, PS256 is not configured.
          signPss(rsa, input),
        ),
    ],
    [
      'RS256 spelled rs256',
      () =>
        encodeToken({ alg: 'rs256', kid: 'k1' }, claims, (i) =>
          signature(rsa, i),
        ),
    ],
    [
      'alg as an array',
      () =>
        encodeToken({ alg: ['RS256'], kid: 'k1' }, claims, (i) =>
          signature(rsa, i),
        ),
    ],
    [
      'no alg at all',
      () => encodeToken({ kid: 'k1' }, claims, (i) => signature(rsa, i)),
    ],
  );
});

afterAll(() => edge.close());

function signPss(key: TestKey, input: string): Buffer {
  return sign('sha256', Buffer.from(input), {
    key: key.privateKey,
    padding: constants.RSA_PKCS1_PSS_PADDING,
  });
}

describe('K06 algorithm confusion', () => {
  it('K06 algorithm confusion: the genuine RS256 token verifies', async () => {
    const token = genuineToken(rsa);

    expect(verifier.verify(token).ok).toBe(true);
    const answer = await send(edge.port, 'GET', '/x', {
      authorization: `Bearer ${token}`,
    });
    expect(answer.status).toBe(200);
  });

  it('K06 algorithm confusion: every other algorithm is refused with 401', async () => {
    for (const [name, make] of attacks) {
      const token = make();
      const result = verifier.verify(token);

      expect(result.ok, name).toBe(false);
      const answer = await send(edge.port, 'GET', '/x', {
        authorization: `Bearer ${token}`,
      });
      expect(answer.status, name).toBe(401);
      expect(answer.headers['www-authenticate'], name).toBe(
        'Bearer error="invalid_token"',
      );
      expect(JSON.parse(answer.body), name).toEqual({
        error: {
          code: 'GW_TOKEN_INVALID',
          message: 'invalid token',
          requestId: answer.headers['x-request-id'],
        },
      });
    }
    expect(edge.received).toHaveLength(1);
  });
});
