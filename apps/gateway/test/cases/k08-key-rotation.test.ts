import { randomUUID } from 'node:crypto';

import { identitySchema, type Identity } from '@cellplane/contract';
import { performance } from 'node:perf_hooks';
import { beforeAll, describe, expect, it } from 'vitest';

import { EdgeConfigError } from '../../src/hygiene/edge-config-error';
import { TokenVerifier } from '../../src/identity/token-verifier';
import {
  encodeToken,
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
  signature,
  validClaims,
  type TestKey,
} from './support/forge-token';

let k1: TestKey;
let k2: TestKey;

beforeAll(() => {
  k1 = makeKey('RS256', 'k1');
  k2 = makeKey('RS256', 'k2');
});

/**
 * How the gateway applies an identity section: build from the new
 * snapshot, keep the last good verifier when the section is refused.
 */
function apply(current: TokenVerifier, identity: Identity): TokenVerifier {
  try {
    return TokenVerifier.fromIdentity(identity, {}, current);
  } catch (error) {
    expect(error).toBeInstanceOf(EdgeConfigError);

    return current;
  }
}

describe('K08 key rotation', () => {
  it('K08 key rotation: add k2, survive unknown kids and a broken section, then drop k1', () => {
    const k1Token = genuineToken(k1, { jti: 'k1-token' });
    const k2Token = genuineToken(k2);

    let verifier = TokenVerifier.fromIdentity(
      identitySchema.parse(makeIdentity([makeIssuer([k1])])),
    );
    expect(verifier.verify(k1Token).ok).toBe(true);
    expect(verifier.verify(k2Token).ok).toBe(false);

    // 1. k2 is added: one snapshot later it verifies, no restart.
    verifier = apply(verifier, makeIdentity([makeIssuer([k1, k2])]));
    expect(verifier.verify(k2Token).ok).toBe(true);
    expect(verifier.verify(k1Token).ok).toBe(true);

    // 2. 1,000 unknown kids: each refused on the spot, before any
    // signature work, and they change nothing (no fetch, no refresh:
    // keys come only with snapshots).
    const started = performance.now();
    for (let i = 0; i < 1000; i += 1) {
      const token = encodeToken(
        { alg: 'RS256', kid: randomUUID() },
        validClaims(),
        (input) => signature(k1, input),
      );
      expect(verifier.verify(token)).toMatchObject({ reason: 'unknown kid' });
    }
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(verifier.verify(k1Token).ok).toBe(true);
    expect(verifier.verify(k2Token).ok).toBe(true);

    // 3. The source breaks: a section that cannot be used is refused and
    // the last good keys keep working.
    const broken = makeIdentity([makeIssuer([k1, { ...k2, jwk: k1.jwk }])]);
    const before = verifier;
    verifier = apply(verifier, broken);
    expect(verifier).toBe(before);
    expect(verifier.verify(k2Token).ok).toBe(true);

    // 4. k1 is removed: its tokens are refused at once, cached or not.
    expect(verifier.cachedTokens).toBeGreaterThan(0);
    verifier = apply(verifier, makeIdentity([makeIssuer([k2])]));
    expect(verifier.verify(k1Token)).toMatchObject({
      ok: false,
      code: 'GW_TOKEN_INVALID',
      reason: 'unknown kid',
    });
    expect(verifier.verify(k2Token).ok).toBe(true);
  });

  it('K08 key rotation: a revoked jti is refused with the snapshot that lists it, even when cached', () => {
    const token = genuineToken(k2, { jti: 'stolen' });
    let verifier = TokenVerifier.fromIdentity(makeIdentity([makeIssuer([k2])]));
    expect(verifier.verify(token).ok).toBe(true);
    expect(verifier.verify(token).ok).toBe(true);

    verifier = apply(verifier, makeIdentity([makeIssuer([k2])], ['stolen']));
    expect(verifier.verify(token)).toMatchObject({
      ok: false,
      code: 'GW_TOKEN_INVALID',
    });
  });

  it('K08 key rotation: a snapshot with the same identity keeps the verified-token cache', () => {
    const token = genuineToken(k2);
    const verifier = TokenVerifier.fromIdentity(
      makeIdentity([makeIssuer([k2])]),
    );
    verifier.verify(token);
    verifier.verify(token);

    const next = apply(verifier, makeIdentity([makeIssuer([k2])]));
    expect(next).toBe(verifier);
    expect(next.cachedTokens).toBe(1);
  });
});
