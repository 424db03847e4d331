import type { IncomingHttpHeaders } from 'node:http';

import type { Route } from '@cellplane/contract';

import { refuse, type EdgeRefusal } from '../hygiene/edge-refusal';
import type { TokenVerifier } from './token-verifier';

/**
 * Who a request is from and which tenant it is for (K04).
 *
 * ```ts
 * const route = routes.match(normalized);          // hygiene/match-route
 * resolveIdentity(route.auth, req.headers, verifier)
 *   -> { ok: true, tenantId, user } | EdgeRefusal
 * ```
 *
 * By the route's `auth` (the implicit route of a snapshot without routes
 * is `optional`; a path no route covers never gets here, it is 404):
 * - `public`: `authorization` is not examined; `user` is null and the
 *   tenant comes from `x-tenant-id`. A stale token in a browser cannot
 *   break a public page, and nothing unverified is believed.
 * - `optional`: a bearer token, if sent, must verify (else 401); without
 *   one, `user` is null and the tenant comes from `x-tenant-id`.
 * - `required`: no bearer token is 401 `GW_TOKEN_MISSING` with
 *   `www-authenticate: Bearer`; a token must verify.
 *
 * With a verified token the tenant is the token's tenant claim. An
 * `x-tenant-id` that names another tenant is 403 `GW_TENANT_MISMATCH`
 * (a malformed one is 400); an absent one is fine. Without a token,
 * `x-tenant-id` is required (400 `GW_TENANT_MISSING`) and must be one
 * tenant id (400 `GW_BAD_REQUEST`). Either way the gateway then sets
 * `x-tenant-id` and `x-user-*` itself (owned-headers), so the upstream and
 * policy only ever see the identity decided here.
 *
 * `authorization` schemes other than `Bearer` count as no token.
 */
export interface ResolvedIdentity {
  readonly ok: true;
  readonly tenantId: string;
  readonly user: {
    readonly sub: string;
    readonly issuer: string;
    readonly roles: readonly string[];
    readonly claims: Readonly<Record<string, unknown>>;
  } | null;
}

const TENANT_ID = /^[a-z0-9][a-z0-9._-]{0,62}$/;
const BEARER = /^Bearer +([^\s]+) *$/i;
const MISSING_CHALLENGE = Object.freeze({ 'www-authenticate': 'Bearer' });

export function resolveIdentity(
  auth: Route['auth'],
  headers: IncomingHttpHeaders,
  verifier: TokenVerifier,
): ResolvedIdentity | EdgeRefusal {
  const token = auth === 'public' ? null : bearerToken(headers.authorization);

  if (token === '') {
    return refuse('GW_TOKEN_INVALID', 'malformed bearer credentials', {
      'www-authenticate': 'Bearer error="invalid_request"',
    });
  }
  if (token === null) {
    return auth === 'required'
      ? refuse('GW_TOKEN_MISSING', 'no bearer token', MISSING_CHALLENGE)
      : anonymous(headers['x-tenant-id']);
  }

  const verified = verifier.verify(token);
  if (!verified.ok) return verified;

  const claimed = headers['x-tenant-id'];
  if (claimed !== undefined) {
    if (typeof claimed !== 'string' || !TENANT_ID.test(claimed)) {
      return refuse('GW_BAD_REQUEST', 'x-tenant-id is not one tenant id');
    }
    if (claimed !== verified.tenantId) {
      return refuse('GW_TENANT_MISMATCH', 'x-tenant-id differs from token');
    }
  }

  return {
    ok: true,
    tenantId: verified.tenantId,
    user: {
      sub: verified.sub,
      issuer: verified.issuer,
      roles: verified.roles,
      claims: verified.claims,
    },
  };
}

/**
 * The bearer token, `null` when there is none (or another scheme), `''`
 * when `Bearer` is sent with no single token after it.
 */
function bearerToken(value: string | undefined): string | null {
  if (value === undefined) return null;
  if (!/^bearer(?: |$)/i.test(value)) return null;

  return BEARER.exec(value)?.[1] ?? '';
}

function anonymous(
  claimed: string | string[] | undefined,
): ResolvedIdentity | EdgeRefusal {
  if (claimed === undefined || claimed === '') {
    return refuse('GW_TENANT_MISSING', 'no token and no x-tenant-id');
  }
  if (typeof claimed !== 'string' || !TENANT_ID.test(claimed)) {
    return refuse('GW_BAD_REQUEST', 'x-tenant-id is not one tenant id');
  }

  return { ok: true, tenantId: claimed, user: null };
}
