import { beforeAll, describe, expect, it } from 'vitest';

import {
  genuineToken,
  makeIdentity,
  makeIssuer,
  makeKey,
} from '../../test/cases/support/forge-token';
import { resolveIdentity } from './resolve-identity';
import { TokenVerifier } from './token-verifier';

let verifier: TokenVerifier;
let token: string;

beforeAll(() => {
  const key = makeKey('EdDSA', 'k1');
  verifier = TokenVerifier.fromIdentity(
    makeIdentity([makeIssuer([key], { algorithms: ['EdDSA'] })]),
  );
  token = genuineToken(key, { tenant_id: 't-a', roles: ['user'] });
});

function outcome(result: ReturnType<typeof resolveIdentity>) {
  return result.ok
    ? { tenantId: result.tenantId, sub: result.user?.sub ?? null }
    : result.code;
}

describe('resolveIdentity', () => {
  it('takes tenant and user from a verified token', () => {
    const result = resolveIdentity(
      'required',
      { authorization: `Bearer ${token}` },
      verifier,
    );

    expect(result).toMatchObject({
      ok: true,
      tenantId: 't-a',
      user: { sub: 'user-1', roles: ['user'] },
    });
  });

  it('accepts a header that agrees with the token and refuses one that does not', () => {
    const auth = `Bearer ${token}`;

    expect(
      outcome(
        resolveIdentity(
          'optional',
          { authorization: auth, 'x-tenant-id': 't-a' },
          verifier,
        ),
      ),
    ).toEqual({ tenantId: 't-a', sub: 'user-1' });
    expect(
      resolveIdentity(
        'optional',
        { authorization: auth, 'x-tenant-id': 't-b' },
        verifier,
      ),
    ).toMatchObject({ code: 'GW_TENANT_MISMATCH', status: 403 });
    expect(
      outcome(
        resolveIdentity(
          'optional',
          { authorization: auth, 'x-tenant-id': 't-a, t-b' },
          verifier,
        ),
      ),
    ).toBe('GW_BAD_REQUEST');
  });

  it('requires a token on required routes, with a bare challenge', () => {
    expect(
      resolveIdentity('required', { 'x-tenant-id': 't-a' }, verifier),
    ).toMatchObject({
      code: 'GW_TOKEN_MISSING',
      status: 401,
      headers: { 'www-authenticate': 'Bearer' },
    });
    expect(
      outcome(
        resolveIdentity('required', { authorization: 'Basic dTpw' }, verifier),
      ),
    ).toBe('GW_TOKEN_MISSING');
  });

  it('verifies a token sent on an optional route and falls back to the header without one', () => {
    expect(
      outcome(
        resolveIdentity(
          'optional',
          { authorization: 'Bearer x.y.z' },
          verifier,
        ),
      ),
    ).toBe('GW_TOKEN_INVALID');
    expect(
      outcome(
        resolveIdentity('optional', { authorization: 'Bearer' }, verifier),
      ),
    ).toBe('GW_TOKEN_INVALID');
    expect(
      outcome(
        resolveIdentity(
          'optional',
          { authorization: `Bearer ${token} extra` },
          verifier,
        ),
      ),
    ).toBe('GW_TOKEN_INVALID');
    expect(
      outcome(resolveIdentity('optional', { 'x-tenant-id': 't-b' }, verifier)),
    ).toEqual({ tenantId: 't-b', sub: null });
    expect(outcome(resolveIdentity('optional', {}, verifier))).toBe(
      'GW_TENANT_MISSING',
    );
    expect(
      outcome(resolveIdentity('optional', { 'x-tenant-id': 'T-B' }, verifier)),
    ).toBe('GW_BAD_REQUEST');
  });

  it('does not examine tokens on public routes', () => {
    expect(
      outcome(
        resolveIdentity(
          'public',
          { authorization: 'Bearer broken', 'x-tenant-id': 't-c' },
          verifier,
        ),
      ),
    ).toEqual({ tenantId: 't-c', sub: null });
    expect(
      outcome(
        resolveIdentity(
          'public',
          { authorization: `Bearer ${token}`, 'x-tenant-id': 't-c' },
          verifier,
        ),
      ),
    ).toEqual({ tenantId: 't-c', sub: null });
  });
});
