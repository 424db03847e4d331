/** Bits in the set: 128 KiB, however many tokens pass. */
const BITS = 1 << 20;

/** Characters hashed: the end of the token, inside its signature. */
const HASHED_CHARS = 32;

/**
 * The verified-token cache's doorkeeper, as in TinyLFU: a fixed bit set
 * that remembers which tokens were verified once, so that a token enters
 * the cache only when it comes back. A token sent once (two requests in
 * five in the architecture's traffic model) then takes no cache entry,
 * pushes no reused token out, and leaves no object to be promoted to the
 * old generation and collected there later: with every fresh token
 * cached, a gateway under load grew by megabytes a second of such
 * garbage. A reused token is verified twice instead of once.
 *
 * Two hashes of the token's last characters (its signature) set two bits.
 * A false positive only admits a token on its first verification, which
 * is what a cache without a doorkeeper does for every token; so a token
 * crafted to collide gains nothing. The set is cleared after an eighth of
 * its bits were set, which keeps false positives near 5 %.
 */
export class SeenTokens {
  private readonly words = new Int32Array(BITS >>> 5);

  private marked = 0;

  /** Whether `token` was (probably) seen before; marks it seen if not. */
  seenBefore(token: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (
      let i = Math.max(0, token.length - HASHED_CHARS);
      i < token.length;
      i += 1
    ) {
      const c = token.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    const a = h1 & (BITS - 1);
    const b = (h2 ^ (h2 >>> 15)) & (BITS - 1);

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
