import { Doorkeeper } from '../caching/doorkeeper';

/**
 * What an entry costs beside its key, counted in characters: the entry
 * object and the map's slot.
 */
const ENTRY_CHARS = 160;

/** What a remembered decision gives back. */
export interface CachedDecision {
  /** The entrypoint's value for the input: true, false or undefined. */
  readonly result: unknown;
}

export interface DecisionCacheOptions {
  /** Characters of keys the cache may hold, both halves. */
  readonly maxChars: number;
  /** Keys longer than this are never remembered. */
  readonly maxInputChars: number;
}

/**
 * The decisions of one deterministic policy (`PolicyEvaluator.
 * deterministic`: data fixed at load, no clock, no randomness) by a key
 * of their input: the values at the paths the policy reads
 * (`input-projection.ts`), or the input's exact text when it may read
 * all of it. The same key gets the same answer, so a request that
 * repeats one (the same roles and tenant on the same route, as most of an
 * edge's traffic does) skips the evaluation.
 * One cache per loaded policy: a new bundle, data or entrypoint starts
 * an empty one. Only `true`, `false` and undefined are remembered: errors
 * and other values (denies too) are evaluated every time.
 *
 * An input is remembered the second time it is evaluated (a doorkeeper
 * remembers the first), so single-use inputs take no room. Held in two
 * halves: new entries go to the current one; when it holds half of
 * `maxChars` it becomes the previous one and the old previous is
 * dropped; an entry found in the previous half moves back. Memory is
 * bounded by `maxChars`, counting each key (the text a request built
 * anyway) and its entry, and the least recently used half goes first.
 */
export class DecisionCache {
  private current = new Map<string, CachedDecision>();

  private previous = new Map<string, CachedDecision>();

  private currentChars = 0;

  private readonly seen = new Doorkeeper();

  constructor(private readonly options: DecisionCacheOptions) {}

  /** Entries held (for metrics and tests). */
  get size(): number {
    return this.current.size + this.previous.size;
  }

  get(key: string): CachedDecision | undefined {
    const found = this.current.get(key);
    if (found !== undefined) return found;

    const old = this.previous.get(key);
    if (old !== undefined) {
      this.previous.delete(key);
      this.keep(key, old);
    }

    return old;
  }

  /**
   * Offers an evaluated decision's value; remembered when its key was
   * offered before. Returns whether it was remembered.
   */
  offer(key: string, result: unknown): boolean {
    // Only the answers an allow entrypoint gives: any other value denies
    // anyway, and its size is the policy's to choose.
    if (result !== true && result !== false && result !== undefined) {
      return false;
    }
    if (key.length > this.options.maxInputChars) return false;
    if (!this.seen.seenBefore(key)) return false;

    this.keep(key, { result });

    return true;
  }

  private keep(key: string, entry: CachedDecision): void {
    const chars = key.length + ENTRY_CHARS;
    if (this.currentChars + chars > this.options.maxChars / 2) {
      this.previous = this.current;
      this.current = new Map();
      this.currentChars = 0;
    }
    this.current.set(key, entry);
    this.currentChars += chars;
  }
}
