import { describe, expect, it } from 'vitest';

import { policyHeaders } from '../src/policy/policy-input';

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
