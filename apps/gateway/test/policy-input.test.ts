import { describe, expect, it } from 'vitest';

import {
  buildPolicyInput,
  policyHeaders,
  policyInputJson,
  type PolicyInputSource,
} from '../src/policy/policy-input';

describe('policy input headers', () => {
  it('serialize the same for the same headers sent in any order', () => {
    const sent = [
      ['User-Agent', 'wrk'],
      ['accept', 'application/json'],
      ['Host', '127.0.0.1:8080'],
      ['X-Custom', 'a'],
    ];
    const raw = (pairs: string[][]) => pairs.flat();

    const forward = JSON.stringify(policyHeaders(raw(sent), false));
    const backward = JSON.stringify(
      policyHeaders(raw([...sent].reverse()), false),
    );

    expect(forward).toBe(backward);
    expect(forward).toBe(
      '{"accept":"application/json","host":"127.0.0.1:8080","user-agent":"wrk","x-custom":"a"}',
    );
  });

  it('keep the first value, drop credentials and keep __proto__ as data', () => {
    const headers = policyHeaders(
      [
        'Accept',
        'text/html',
        'accept',
        'application/json',
        'Authorization',
        'Bearer secret',
        'Cookie',
        'sid=1',
        'x-api-key',
        'k',
        '__proto__',
        'p',
      ],
      false,
    );

    expect(JSON.stringify(headers)).toBe(
      '{"__proto__":"p","accept":"text/html"}',
    );
  });
});

describe('policy input text', () => {
  const claims = { sub: 'u-1', tenant: 't-1', roles: ['shopper'], n: 1.5 };
  const base: PolicyInputSource = {
    method: 'POST',
    path: '/catalog/"quoted"\u2028',
    segments: ['catalog', '"quoted"\u2028'],
    rawQuery: 'a=1&b=\\',
    rawHeaders: [
      'X-Zeta',
      'z',
      'Accept',
      'a\u0000b',
      'Authorization',
      'Bearer secret',
      '__proto__',
      'p',
      'accept',
      'second',
    ],
    peerTrusted: false,
    tenantId: 't-1',
    user: { sub: 'u-1', issuer: 'idp', roles: ['shopper'], claims },
    routeId: 'r-1',
    routeAuth: 'required',
    cellId: 'c-1',
    regionId: 'r-east',
    clientAddress: '203.0.113.9',
  };

  it('is the serialized input, with and without user and route', () => {
    for (const source of [
      base,
      { ...base, user: null, routeId: null, rawHeaders: [] },
      // One claims object (a cached token's) with anything else changed:
      // the user written out once is not reused for another.
      base,
      { ...base, user: { ...base.user!, sub: 'u-2' } },
      { ...base, user: { ...base.user!, issuer: 'other-idp' } },
      { ...base, user: { ...base.user!, roles: ['admin'] } },
      { ...base, tenantId: 't-"2"' },
      { ...base, cellId: 'c-\u0001', method: 'GET', routeAuth: 'public' },
    ]) {
      expect(policyInputJson(source)).toBe(
        JSON.stringify(buildPolicyInput(source)),
      );
    }
    expect(policyInputJson(base)).not.toContain('secret');
  });
});
