const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

// Non-ASCII keys are encoded into this reused buffer so that hashing does
// not allocate; it only grows, and only for keys longer than any seen yet.
const encoder = new TextEncoder();
let scratch = new Uint8Array(256);

/**
 * MurmurHash3 x86 32-bit of the UTF-8 bytes of `key`, as an unsigned 32-bit
 * integer. ASCII keys (the common case for tenant and cell ids) are hashed
 * straight from their char codes; other keys are UTF-8 encoded first.
 */
export function murmur3(key: string, seed = 0): number {
  const hash = hashAscii(key, seed >>> 0);
  if (hash >= 0) return hash;

  const byteLength = encodeUtf8(key);

  return hashBytes(scratch, byteLength, seed >>> 0);
}

function encodeUtf8(key: string): number {
  // A UTF-16 code unit never needs more than three UTF-8 bytes.
  if (scratch.length < key.length * 3) {
    scratch = new Uint8Array(key.length * 3);
  }

  return encoder.encodeInto(key, scratch).written;
}

function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);

  h ^= k;
  h = (h << 13) | (h >>> 19);

  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function mixTail(h: number, tail: number): number {
  let k = Math.imul(tail, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);

  return h ^ k;
}

function finalize(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;

  return h >>> 0;
}

// Hashes char codes as if they were bytes, which they are when every one is
// ASCII; returns -1 when one is not, so that the key is hashed again from its
// UTF-8 encoding. One pass serves the common case.
function hashAscii(key: string, seed: number): number {
  const length = key.length;
  const blockEnd = length & ~3;
  let h = seed | 0;
  let seen = 0;

  for (let i = 0; i < blockEnd; i += 4) {
    const c0 = key.charCodeAt(i);
    const c1 = key.charCodeAt(i + 1);
    const c2 = key.charCodeAt(i + 2);
    const c3 = key.charCodeAt(i + 3);
    seen |= c0 | c1 | c2 | c3;
    h = mixBlock(h, c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
  }

  const rest = length & 3;
  if (rest > 0) {
    const c0 = key.charCodeAt(blockEnd);
    const c1 = rest >= 2 ? key.charCodeAt(blockEnd + 1) : 0;
    const c2 = rest === 3 ? key.charCodeAt(blockEnd + 2) : 0;
    seen |= c0 | c1 | c2;
    h = mixTail(h, c0 | (c1 << 8) | (c2 << 16));
  }

  return seen > 0x7f ? -1 : finalize(h, length);
}

function hashBytes(bytes: Uint8Array, length: number, seed: number): number {
  const blockEnd = length & ~3;
  let h = seed | 0;

  for (let i = 0; i < blockEnd; i += 4) {
    const block =
      bytes[i]! |
      (bytes[i + 1]! << 8) |
      (bytes[i + 2]! << 16) |
      (bytes[i + 3]! << 24);
    h = mixBlock(h, block);
  }

  const rest = length & 3;
  if (rest > 0) {
    let tail = 0;
    if (rest === 3) tail ^= bytes[blockEnd + 2]! << 16;
    if (rest >= 2) tail ^= bytes[blockEnd + 1]! << 8;
    tail ^= bytes[blockEnd]!;
    h = mixTail(h, tail);
  }

  return finalize(h, length);
}
