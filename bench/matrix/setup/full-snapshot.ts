import { readFileSync, writeFileSync } from 'node:fs';

import {
  signingKeyFromPem,
  signSnapshot,
  type Identity,
  type Limits,
  type PolicySection,
  type Route,
  type SnapshotBody,
} from '@cellplane/contract';

/**
 * Routes of the full configurations: the benched `/catalog` requires a
 * token; `/public` is open; anything else takes an optional token.
 */
export const FULL_ROUTES: readonly Route[] = [
  { id: 'r-public', pathPrefix: '/public', auth: 'public', timeoutMs: 1000 },
  {
    id: 'r-catalog',
    pathPrefix: '/catalog',
    auth: 'required',
    timeoutMs: 1000,
  },
  { id: 'r-root', pathPrefix: '/', auth: 'optional', timeoutMs: 1000 },
];

/**
 * Limits every request is checked against: per client address far above
 * what one wrk can send (the whole load comes from 127.0.0.1), per tenant
 * by tier, each above what the bench sends to one tenant, so the check
 * runs on every request and refuses none.
 */
export const FULL_LIMITS: Limits = {
  perClientIp: { ratePerSecond: 1_000_000, burst: 2_000_000 },
  perTenant: {
    free: { ratePerSecond: 100_000, burst: 200_000 },
    standard: { ratePerSecond: 200_000, burst: 400_000 },
    enterprise: { ratePerSecond: 400_000, burst: 800_000 },
  },
  trustedProxies: [],
};

/**
 * The control-api's snapshot with the edge sections added (identity,
 * routes, limits and, when given, policy), signed with the control-api's
 * own signing key, which the bench's control-api left in its state
 * directory: the gateway verifies it with the same public key as the
 * plain one. Written as the envelope text `--snapshot` reads.
 */
export function writeFullSnapshot(options: {
  readonly body: SnapshotBody;
  readonly signingKeyFile: string;
  readonly identity: Identity;
  readonly policy: PolicySection | null;
  readonly file: string;
}): SnapshotBody {
  const body: SnapshotBody = {
    ...options.body,
    identity: options.identity,
    routes: [...FULL_ROUTES],
    limits: FULL_LIMITS,
    ...(options.policy === null ? {} : { policy: options.policy }),
  };
  const key = signingKeyFromPem(readFileSync(options.signingKeyFile, 'utf8'));
  writeFileSync(options.file, JSON.stringify(signSnapshot(body, key)));

  return body;
}
