import { performance } from 'node:perf_hooks';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { normalizeRequest } from './normalize-request';

function pathOf(url: string): string {
  const result = normalizeRequest('GET', url, 'gw.test');
  if (!result.ok) throw new Error(`refused ${url}: ${result.reason}`);

  return result.path;
}

function refused(url: string): string | null {
  const result = normalizeRequest('GET', url, 'gw.test');

  return result.ok ? null : result.code;
}

describe('normalizeRequest', () => {
  it('keeps a clean path and splits its query', () => {
    const result = normalizeRequest(
      'GET',
      '/catalog/SKU-1?x=1&y=%20',
      'Gw.Test:8080',
    );

    expect(result).toEqual({
      ok: true,
      method: 'GET',
      path: '/catalog/SKU-1',
      segments: ['catalog', 'SKU-1'],
      rawQuery: 'x=1&y=%20',
      host: 'gw.test:8080',
    });
  });

  it('resolves dot segments, decoded or not, without leaving the root', () => {
    expect(pathOf('/a/./b/../c')).toBe('/a/c');
    expect(pathOf('/a/%2e%2E/b')).toBe('/b');
    expect(pathOf('/a/.%2e/.%2E/../../x')).toBe('/x');
    expect(pathOf('/../../etc/passwd')).toBe('/etc/passwd');
    expect(pathOf('/a/b/..')).toBe('/a/');
    expect(pathOf('/a/b/%2e')).toBe('/a/b/');
    expect(pathOf('/..')).toBe('/');
    expect(pathOf('/a/...')).toBe('/a/...');
  });

  it('merges duplicate slashes and keeps a trailing one', () => {
    expect(pathOf('//a///b//')).toBe('/a/b/');
    expect(pathOf('/')).toBe('/');
    expect(pathOf('///')).toBe('/');
  });

  it('decodes unreserved characters only, upper-casing other hex', () => {
    expect(pathOf('/%75pload/%7Efile%2D1')).toBe('/upload/~file-1');
    expect(pathOf('/a%20b/%c3%a9')).toBe('/a%20b/%C3%A9');
    // Well-formed UTF-8 of two, three and four bytes.
    expect(pathOf('/caf%C3%A9-%E2%82%AC-%F0%9F%98%80')).toBe(
      '/caf%C3%A9-%E2%82%AC-%F0%9F%98%80',
    );
    expect(pathOf('/a%3Fb%23c')).toBe('/a%3Fb%23c');
  });

  it.each([
    '/a%2Fb',
    '/a%2fb',
    '/a%5Cb',
    '/a%5cb',
    '/a\\b',
    '/a%00b',
    '/a%0Ab',
    '/a%7f',
    '/a%',
    '/a%2',
    '/a%zz',
    '/a%%41',
    '/a%252e%252e/b',
    '/a%252F',
    '/a%25%41a',
    '/a%25%34%31',
    // Encoded bytes that are not well-formed UTF-8 (K01's class: an
    // overlong form is a dot to a lenient decoder).
    '/public/%c0%ae%c0%ae/admin/users',
    '/public/%C0%AE./admin',
    '/%e0%80%ae%e0%80%ae/admin',
    '/a%C0%AF',
    '/a%ED%A0%80',
    '/a%F4%90%80%80',
    '/a%C3',
    '/a%E2%82',
    '/a%C3x',
    '/a%80',
    '/a%FF',
    '/a;b',
    '/..;/admin',
    '/a b',
    '/a\tb',
    '/a\u00e9',
    '/a"b',
    '/a<b>',
    '/a|b',
    '/a{b}',
    '/a^b',
    '/a`b',
    '/a[0]',
    '/a#frag',
    'http://evil.test/admin',
    '*',
    '',
  ])('refuses %j with GW_BAD_PATH', (url) => {
    expect(refused(url)).toBe('GW_BAD_PATH');
  });

  it('refuses a query with bytes an upstream could misread', () => {
    expect(refused('/a?x=%zz')).toBe('GW_BAD_PATH');
    expect(refused('/a?x=\u0001')).toBe('GW_BAD_PATH');
    expect(refused('/a?x=1#f')).toBe('GW_BAD_PATH');
    expect(pathOf('/a?next=/b/../c')).toBe('/a');
  });

  it('refuses methods the gateway does not forward', () => {
    for (const method of ['TRACE', 'CONNECT', 'get', 'PROPFIND', undefined]) {
      expect(normalizeRequest(method, '/', 'gw.test')).toMatchObject({
        ok: false,
        code: 'GW_METHOD_NOT_ALLOWED',
        status: 405,
      });
    }
  });

  it('normalizes the host and refuses a bad one', () => {
    const host = (value: string | undefined) => {
      const result = normalizeRequest('GET', '/', value);

      return result.ok ? result.host : result.code;
    };

    expect(host('API.Example.COM.')).toBe('api.example.com');
    expect(host('127.0.0.1:8080')).toBe('127.0.0.1:8080');
    expect(host('[::1]:80')).toBe('[::1]:80');
    for (const bad of [
      undefined,
      '',
      'a b',
      'a/b',
      'a@b',
      'x:99999',
      'a,b',
      'a..b',
      '-a',
    ]) {
      expect(host(bad)).toBe('GW_BAD_HOST');
    }
  });

  it('checks a long hostile host in linear time', () => {
    const started = performance.now();
    for (const value of [
      'a'.repeat(250) + '!',
      'a.'.repeat(120) + '-',
      `${'a-'.repeat(120)}:`,
    ]) {
      expect(normalizeRequest('GET', '/', value)).toMatchObject({ ok: false });
    }
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('property: any accepted path is already normal and has no separator in a segment', () => {
    const piece = fc.constantFrom(
      'a',
      'B',
      '.',
      '..',
      '%2e',
      '%2E',
      '%2F',
      '%5C',
      '%25',
      '%41',
      '%7e',
      '\\',
      ';',
      '',
      '%',
      '%2',
      '~',
      'admin',
      '%20',
      '%C3%A9',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        (pieces, slashes) => {
          let url = '/';
          pieces.forEach((p, i) => {
            url += p + (slashes[i] === true ? '/' : '');
          });
          const result = normalizeRequest('GET', url, 'gw.test');
          if (!result.ok) {
            expect(result.code).toBe('GW_BAD_PATH');

            return;
          }

          // Idempotent: what the upstream receives normalizes to itself.
          const again = normalizeRequest('GET', result.path, 'gw.test');
          expect(again.ok && again.path).toBe(result.path);

          expect(result.path).not.toMatch(/\/\/|%2F|%5C|\\|;/i);
          for (const segment of result.segments) {
            expect(['.', '..']).not.toContain(segment);
          }

          // Decoding the path once, byte for byte as an upstream does,
          // never yields a separator or a dot segment the gateway did not
          // see.
          const decoded = result.path.replace(/%([0-9A-F]{2})/g, (_, hex) =>
            String.fromCharCode(parseInt(hex as string, 16)),
          );
          const parts = decoded.split('/');
          expect(parts.filter((s) => s === '..' || s === '.')).toEqual([]);
          expect(parts.length).toBe(result.path.split('/').length);
          expect(decoded).not.toContain('\\');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
