import { readFileSync } from 'node:fs';

import {
  takesFresh,
  type FreshPerFive,
  type TenantToken,
} from './token-supply';

/** The `<tenant> <token>` lines of a token file. */
export function readTokenLines(file: string): TenantToken[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const space = line.indexOf(' ');

      return { tenant: line.slice(0, space), token: line.slice(space + 1) };
    });
}

/**
 * Headers of request `index` as the token wrk script sends them: a fresh
 * token (from `freshStart` on, in order) when `takesFresh`, else the next
 * token of the pool, with the token's tenant in `x-tenant-id`.
 */
export function tokenHeaders(
  pool: readonly TenantToken[],
  fresh: readonly TenantToken[],
  freshStart: number,
  freshPerFive: FreshPerFive,
): (index: number) => Record<string, string> {
  if (pool.length === 0) throw new Error('token headers need a pool token');
  if (freshPerFive > 0 && fresh.length === 0) {
    throw new Error('token headers need fresh tokens');
  }
  let poolNext = 0;
  let freshNext = freshStart;

  return (index) => {
    const entry = takesFresh(index, freshPerFive)
      ? fresh[freshNext++ % fresh.length]!
      : pool[poolNext++ % pool.length]!;

    return {
      'x-tenant-id': entry.tenant,
      authorization: `Bearer ${entry.token}`,
    };
  };
}

/** How many of requests 0..total-1 take a fresh token. */
export function freshCountOf(
  total: number,
  freshPerFive: FreshPerFive,
): number {
  return (
    Math.floor(total / 5) * freshPerFive + Math.min(total % 5, freshPerFive)
  );
}
