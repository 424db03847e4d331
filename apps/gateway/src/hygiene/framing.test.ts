import { describe, expect, it } from 'vitest';

import { checkFraming } from './framing';

function check(rawHeaders: string[], url = '/', httpVersion = '1.1') {
  return checkFraming({ rawHeaders, url, httpVersion })?.code ?? null;
}

describe('checkFraming', () => {
  it('passes ordinary requests', () => {
    expect(check(['Host', 'a', 'Content-Length', '12'])).toBeNull();
    expect(check(['Host', 'a', 'Transfer-Encoding', 'chunked'])).toBeNull();
    expect(check(['Host', 'a', 'Transfer-Encoding', 'Chunked'])).toBeNull();
    expect(check(['Host', 'a'], '/', '1.0')).toBeNull();
  });

  it('refuses Content-Length with Transfer-Encoding, in either order', () => {
    expect(check(['Content-Length', '5', 'Transfer-Encoding', 'chunked'])).toBe(
      'GW_BAD_FRAMING',
    );
    expect(check(['transfer-encoding', 'chunked', 'content-length', '0'])).toBe(
      'GW_BAD_FRAMING',
    );
  });

  it.each([
    [['Content-Length', '5', 'Content-Length', '6']],
    [['Content-Length', '5', 'content-length', '5']],
    [['Content-Length', '5, 5']],
    [['Content-Length', '+5']],
    [['Content-Length', ' 5']],
    [['Content-Length', '0x5']],
    [['Content-Length', '']],
    [['Transfer-Encoding', 'gzip, chunked']],
    [['Transfer-Encoding', 'chunked, identity']],
    [['Transfer-Encoding', 'xchunked']],
    [['Transfer-Encoding', 'chunked ']],
    [['Transfer-Encoding', 'identity']],
    [['Transfer-Encoding', 'chunked', 'Transfer-Encoding', 'chunked']],
    [['Host', 'a', 'host', 'b']],
    [['Authorization', 'Bearer a', 'authorization', 'Bearer b']],
    [['x-tenant-id', 't-a', 'X-Tenant-Id', 't-b']],
  ])('refuses %j', (headers) => {
    expect(check(headers)).toBe('GW_BAD_FRAMING');
  });

  it('refuses chunking on HTTP/1.0', () => {
    expect(check(['Transfer-Encoding', 'chunked'], '/', '1.0')).toBe(
      'GW_BAD_FRAMING',
    );
  });

  it('bounds the header count and the request target', () => {
    const many = Array.from({ length: 101 }, (_, i) => [`x-h${i}`, 'v']).flat();

    expect(check(many)).toBe('GW_HEADERS_TOO_LARGE');
    expect(check(many.slice(0, 200))).toBeNull();
    expect(check([], `/${'a'.repeat(8192)}`)).toBe('GW_URI_TOO_LONG');
    expect(check([], `/${'a'.repeat(8191)}`)).toBeNull();
  });
});
