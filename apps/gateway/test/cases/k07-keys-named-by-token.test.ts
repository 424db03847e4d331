import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { TokenVerifier } from '../../src/identity/token-verifier';
import { send, startEdge, type Edge } from './support/edge-harness';
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
import { route } from './support/path-cases';

let k1: TestKey;
let k2: TestKey;
let attacker: TestKey;
let keyServer: Server;
let keyServerHits = 0;
let keyUrl: string;
let edge: Edge;
let verifier: TokenVerifier;

beforeAll(async () => {
  k1 = makeKey('RS256', 'k1');
  k2 = makeKey('RS256', 'k2');
  attacker = makeKey('RS256', 'k1');

  // A key server an attacker controls; any hit means a token made us fetch.
  keyServer = createServer((_, res) => {
    keyServerHits += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: [attacker.jwk] }));
  });
  await new Promise<void>((resolve) =>
    keyServer.listen(0, '127.0.0.1', resolve),
  );
  keyUrl = `http://127.0.0.1:${(keyServer.address() as AddressInfo).port}/keys.json`;

  const identity = makeIdentity([makeIssuer([k1, k2])]);
  verifier = TokenVerifier.fromIdentity(identity);
  edge = await startEdge({
    routes: [route('api', '/', 'required')],
    identity,
    policy: () => true,
  });
});

afterAll(async () => {
  await edge.close();
  await new Promise<void>((resolve) => keyServer.close(() => resolve()));
});

function byAttacker(header: Record<string, unknown>): string {
  return encodeToken({ alg: 'RS256', ...header }, validClaims(), (input) =>
    signature(attacker, input),
  );
}

describe('K07 keys named by the token', () => {
  it('K07 keys named by the token: attack tokens get 401 and nothing is fetched', async () => {
    const attacks: Record<string, string> = {
      'embedded jwk': byAttacker({ jwk: attacker.jwk }),
      'embedded jwk with kid k1': byAttacker({ kid: 'k1', jwk: attacker.jwk }),
      'jku to 127.0.0.1:9': byAttacker({
        kid: 'k1',
        jku: 'http://127.0.0.1:9/keys.json',
      }),
      'jku to a live key server': byAttacker({ kid: 'k1', jku: keyUrl }),
      'jku with an unknown kid': byAttacker({ kid: 'evil', jku: keyUrl }),
      'x5u to a live key server': byAttacker({ kid: 'k1', x5u: keyUrl }),
      'x5c chain': byAttacker({ x5c: ['MIIB'] }),
      'kid ../../dev/null': byAttacker({ kid: '../../dev/null' }),
      "kid ' OR 1=1 --": byAttacker({ kid: "' OR 1=1 --" }),
      'kid as an object': byAttacker({ kid: { $ne: null } }),
      'kid of k1, signed by another key': byAttacker({ kid: 'k1' }),
      'kid of k2, signed by k1': encodeToken(
        { alg: 'RS256', kid: 'k2' },
        validClaims(),
        (input) => signature(k1, input),
      ),
    };

    for (const [name, token] of Object.entries(attacks)) {
      expect(verifier.verify(token).ok, name).toBe(false);
      const answer = await send(edge.port, 'GET', '/x', {
        authorization: `Bearer ${token}`,
      });
      expect(answer.status, name).toBe(401);
    }

    // Give any stray fetch time to land before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(keyServerHits).toBe(0);
    expect(edge.received).toEqual([]);
  });

  it('K07 keys named by the token: a token of the second configured key k2 verifies', async () => {
    const token = genuineToken(k2);

    expect(verifier.verify(token)).toMatchObject({ ok: true });
    const answer = await send(edge.port, 'GET', '/x', {
      authorization: `Bearer ${token}`,
    });
    expect(answer.status).toBe(200);
  });

  it('K07 keys named by the token: with no kid, only an issuer with exactly one key of the algorithm accepts', () => {
    const withoutKid = (key: TestKey) => genuineToken(key, {}, {});

    // Two RS256 keys: which one is meant is ambiguous, so refused.
    expect(verifier.verify(withoutKid(k1))).toMatchObject({
      ok: false,
      reason: 'no kid and not exactly one key',
    });

    // One RS256 key (even beside keys of other algorithms): accepted.
    const ed = makeKey('EdDSA', 'e1');
    const single = TokenVerifier.fromIdentity(
      makeIdentity([makeIssuer([k1, ed], { algorithms: ['RS256', 'EdDSA'] })]),
    );
    expect(single.verify(withoutKid(k1)).ok).toBe(true);
    expect(single.verify(withoutKid(ed)).ok).toBe(true);
    expect(single.verify(withoutKid(attacker)).ok).toBe(false);
  });
});
