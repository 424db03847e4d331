import { describe, expect, it } from 'vitest';

import { connectionListed, isForwardable } from './hop-by-hop-headers';

describe('hop-by-hop headers', () => {
  it('reads the names a connection header lists, in any case and spacing', () => {
    expect([...connectionListed(['Keep-Alive, X-Foo', ' x-bar '])]).toEqual([
      'keep-alive',
      'x-foo',
      'x-bar',
    ]);
    expect(connectionListed(undefined).size).toBe(0);
  });

  it('forwards end-to-end headers only', () => {
    const listed = new Set(['x-foo']);

    expect(isForwardable('content-type', listed)).toBe(true);
    expect(isForwardable('x-foo', listed)).toBe(false);
    for (const name of [
      'connection',
      'transfer-encoding',
      'te',
      'upgrade',
      'x-cell',
      'x-request-id',
    ]) {
      expect(isForwardable(name, listed)).toBe(false);
    }
  });
});
