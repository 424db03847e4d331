import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3 } from './murmur3';

// A plain byte-at-a-time MurmurHash3 x86_32, written from the reference
// algorithm independently of the optimised one under test.
function referenceMurmur3(key: string, seed: number): number {
  const bytes = new TextEncoder().encode(key);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const blocks = bytes.length >> 2;
  let h = seed >>> 0;

  const scramble = (k: number) => {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);

    return Math.imul(k, 0x1b873593);
  };

  for (let i = 0; i < blocks; i++) {
    h ^= scramble(view.getUint32(i * 4, true));
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }

  let tail = 0;
  for (let i = bytes.length - 1; i >= blocks * 4; i--) {
    tail = (tail << 8) | bytes[i]!;
  }
  if (bytes.length % 4 !== 0) h ^= scramble(tail);

  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;

  return h >>> 0;
}

describe('murmur3', () => {
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abc', 0, 0xb3dd93fa],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['hello', 0, 0x248bfa47],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ])('hashes %j with seed %i to the published value', (key, seed, want) => {
    expect(murmur3(key, seed)).toBe(want);
  });

  it('defaults the seed to 0', () => {
    expect(murmur3('hello')).toBe(murmur3('hello', 0));
  });

  it('hashes a non-ASCII char in the tail from its UTF-8 bytes', () => {
    // 'Āā' has code units 0x100 and 0x1: XOR-ing their lanes would cancel.
    for (const key of ['\u0100\u0001', 'ab\u0100', 'abcd\u00e9', '\u{1f600}']) {
      expect(murmur3(key)).toBe(referenceMurmur3(key, 0));
    }
  });

  it('agrees with a byte-wise reference on any string and seed', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.nat(),
        (unicode, ascii, seed) => {
          expect(murmur3(unicode, seed)).toBe(referenceMurmur3(unicode, seed));
          expect(murmur3(ascii, seed)).toBe(referenceMurmur3(ascii, seed));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('returns an unsigned 32-bit integer', () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        const hash = murmur3(key);
        expect(Number.isInteger(hash)).toBe(true);
        expect(hash).toBeGreaterThanOrEqual(0);
        expect(hash).toBeLessThanOrEqual(0xffffffff);
      }),
    );
  });
});
