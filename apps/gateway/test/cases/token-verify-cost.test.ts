import { performance } from 'node:perf_hooks';

import type { TokenAlgorithm } from '@cellplane/contract';
import { describe, expect, it } from 'vitest';

import { TokenVerifier } from '../../src/identity/token-verifier';
import {
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
} from './support/forge-token';

/**
 * Verify cost per token, cold (every token new: a signature check) and
 * cached (the same token again: a map lookup). Bounded: a few thousand
 * signature checks and 200,000 lookups. Prints ns/op; asserts only that
 * the cache is at least ten times cheaper than a check.
 */
function measure(algorithm: TokenAlgorithm, coldCount: number) {
  const key = makeKey(algorithm, 'k1');
  const verifier = TokenVerifier.fromIdentity(
    makeIdentity([makeIssuer([key], { algorithms: [algorithm] })]),
    { cacheSize: coldCount + 1 },
  );
  const tokens = Array.from({ length: coldCount }, (_, i) =>
    genuineToken(key, { jti: `t${i}` }),
  );

  // Warm the JIT on tokens that are measured nowhere else.
  const warm = TokenVerifier.fromIdentity(
    makeIdentity([makeIssuer([key], { algorithms: [algorithm] })]),
  );
  for (let i = 0; i < 200; i += 1) warm.verify(tokens[i % 50]!);
  for (let i = 0; i < 200; i += 1) warm.verify(genuineToken(key));

  let started = performance.now();
  for (const token of tokens) {
    if (!verifier.verify(token).ok) throw new Error('cold verify failed');
  }
  const coldNs = ((performance.now() - started) * 1e6) / coldCount;

  const hot = 200_000;
  started = performance.now();
  for (let i = 0; i < hot; i += 1) {
    if (!verifier.verify(tokens[i % 64]!).ok) throw new Error('hot failed');
  }
  const cachedNs = ((performance.now() - started) * 1e6) / hot;

  return {
    algorithm,
    coldNs: Math.round(coldNs),
    cachedNs: Math.round(cachedNs),
  };
}

describe('token verify cost', () => {
  it('a cached token costs a small fraction of a signature check', () => {
    const results = [
      measure('RS256', 2000),
      measure('ES256', 1000),
      measure('EdDSA', 1000),
    ];
    console.log(
      results
        .map(
          (r) =>
            `${r.algorithm}: cold ${r.coldNs} ns/op, cached ${r.cachedNs} ns/op`,
        )
        .join('\n'),
    );

    for (const result of results) {
      expect(result.cachedNs * 10).toBeLessThan(result.coldNs);
    }
  });
});
