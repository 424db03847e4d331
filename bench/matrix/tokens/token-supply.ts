import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BenchIssuer } from './bench-issuer';

/** Requests out of every 5 that carry a fresh token; the rest reuse. */
export type FreshPerFive = 0 | 1 | 2 | 3 | 4 | 5;

/**
 * The architecture's traffic model: 60 % of requests reuse a token, so 2
 * in 5 carry one never sent before.
 */
export const MIXED_FRESH_PER_FIVE: FreshPerFive = 2;

/** Every request a token never sent before. */
export const UNIQUE_FRESH_PER_FIVE: FreshPerFive = 5;

/** Which kind of token request `index` carries (shared with the Lua script). */
export function takesFresh(index: number, freshPerFive: FreshPerFive): boolean {
  return index % 5 < freshPerFive;
}

export interface TokenFiles {
  /** `<tenant> <token>` per line: the reused pool (a tenth ES256). */
  readonly poolFile: string;
  /** `<tenant> <token>` per line: RS256 tokens each sent at most once. */
  readonly freshFile: string;
  readonly pool: readonly TenantToken[];
  readonly freshCount: number;
  /** Milliseconds spent signing, for the report. */
  readonly mintMs: number;
}

export interface TenantToken {
  readonly tenant: string;
  readonly token: string;
}

/**
 * Mints every token of the run before anything is measured, so signing
 * costs nothing while the proxies are under load: a pool of `poolSize`
 * tokens reused round-robin (every tenth ES256, the rest RS256) and
 * `freshCount` RS256 tokens, each handed out once by `FreshCursor`. Every
 * token's tenant claim is one of the bench tenants, in rotation.
 */
export function mintTokenFiles(options: {
  readonly issuer: BenchIssuer;
  readonly tenantIds: readonly string[];
  readonly dir: string;
  readonly poolSize: number;
  readonly freshCount: number;
}): TokenFiles {
  const started = performance.now();
  const { issuer, tenantIds } = options;
  const tenantOf = (i: number) => tenantIds[i % tenantIds.length]!;

  const pool = Array.from({ length: options.poolSize }, (_, i) => ({
    tenant: tenantOf(i),
    token: issuer.mint(i % 10 === 9 ? 'ES256' : 'RS256', {
      sub: `bench-user-${i}`,
      tenant: tenantOf(i),
      roles: ['shopper'],
      jti: `bench-pool-${i}`,
    }),
  }));
  const fresh = Array.from({ length: options.freshCount }, (_, i) => ({
    tenant: tenantOf(i),
    token: issuer.mint('RS256', {
      sub: `bench-fresh-${i}`,
      tenant: tenantOf(i),
      roles: ['shopper'],
      jti: `bench-fresh-${i}`,
    }),
  }));

  const poolFile = join(options.dir, 'tokens-pool.txt');
  const freshFile = join(options.dir, 'tokens-fresh.txt');
  writeFileSync(poolFile, lines(pool));
  writeFileSync(freshFile, lines(fresh));

  return {
    poolFile,
    freshFile,
    pool,
    freshCount: fresh.length,
    mintMs: Math.round(performance.now() - started),
  };
}

function lines(tokens: readonly TenantToken[]): string {
  return tokens.map((t) => `${t.tenant} ${t.token}\n`).join('');
}

/**
 * Hands out the fresh tokens in order across every load run of the bench,
 * so no run sends a token an earlier run sent, until they are all used:
 * then it starts over and counts the wrap, which the report states (a
 * token last sent thousands of verifications ago has long left the
 * gateway's cache, but it is no longer "never seen").
 */
export class FreshCursor {
  private handedOut = 0;

  constructor(private readonly count: number) {
    if (count < 1) throw new Error('FreshCursor needs at least one token');
  }

  /** Where the next run starts, in [0, count). */
  get start(): number {
    return this.handedOut % this.count;
  }

  /** How many tokens were handed out a second time (or more). */
  get reused(): number {
    return Math.max(0, this.handedOut - this.count);
  }

  /** Records that a run used `used` tokens from `start`. */
  advance(used: number): void {
    this.handedOut += used;
  }
}
