/** Bits in the set: 128 KiB, however many keys pass. */
const BITS = 1 << 20;

/** Which characters of a key are hashed. */
export interface KeySample {
  /** Only the key's last this many characters (all when absent). */
  readonly lastChars?: number;
}

/**
 * A cache's doorkeeper, as in TinyLFU: a fixed bit set that remembers
 * which keys were offered once, so that a key enters the cache only when
 * it comes back. A key sent once then takes no cache entry, pushes no
 * reused key out, and leaves no object to be promoted to the old
 * generation and collected there later: with every single-use token
 * cached, a gateway under load grew by megabytes a second of such
 * garbage.
 *
 * One 32-bit hash of the key (murmur3's mixing, two characters a step;
 * of a token, only its last characters, its signature, where tokens
 * differ) gives two bit positions, its low bits and its finalized bits.
 * A false positive only admits a key on its first offer, which is what a
 * cache without a doorkeeper does for every key; so a key crafted to
 * collide gains nothing. The set is cleared after an eighth of its bits
 * were set, which keeps false positives near 5 %.
 */
export class Doorkeeper {
  private readonly words = new Int32Array(BITS >>> 5);

  private marked = 0;

  private readonly lastChars: number;

  constructor(sample: KeySample = {}) {
    this.lastChars = sample.lastChars ?? Number.POSITIVE_INFINITY;
  }

  /** Whether `key` was (probably) offered before; marks it if not. */
  seenBefore(key: string): boolean {
    const h = hashChars(key, Math.max(0, key.length - this.lastChars));
    const a = h & (BITS - 1);
    const b = finalize(h) & (BITS - 1);

    if (this.has(a) && this.has(b)) return true;

    if (this.marked >= BITS >>> 3) {
      this.words.fill(0);
      this.marked = 0;
    }
    this.words[a >>> 5]! |= 1 << (a & 31);
    this.words[b >>> 5]! |= 1 << (b & 31);
    this.marked += 1;

    return false;
  }

  private has(bit: number): boolean {
    return (this.words[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }
}

/** murmur3's body over `key` from `start`, two UTF-16 units per block. */
function hashChars(key: string, start: number): number {
  let h = 0x9747b28c;
  let i = start;
  for (; i + 1 < key.length; i += 2) {
    h ^= mixBlock(key.charCodeAt(i) | (key.charCodeAt(i + 1) << 16));
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < key.length) h ^= mixBlock(key.charCodeAt(i));

  return h ^ (key.length - start);
}

function mixBlock(block: number): number {
  let k = Math.imul(block, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);

  return Math.imul(k, 0x1b873593);
}

/** murmur3's finalizer: every bit of `h` reaches every bit. */
function finalize(h: number): number {
  let f = h ^ (h >>> 16);
  f = Math.imul(f, 0x85ebca6b);
  f ^= f >>> 13;
  f = Math.imul(f, 0xc2b2ae35);

  return f ^ (f >>> 16);
}
