/** A response kept to answer while its cell is degraded. */
export interface StaleEntry {
  readonly status: number;
  /** Flat name/value list, lower-cased names, as sent to the client. */
  readonly headers: readonly string[];
  readonly body: Buffer;
}

export interface StaleCacheLimits {
  /** Responses kept at most; the least recently used goes first. */
  readonly maxEntries: number;
  /** Total body bytes kept at most. */
  readonly maxBytes: number;
  /** A larger body is never kept. */
  readonly maxEntryBytes: number;
}

// 16 MiB of bodies: a worker's whole budget is 128 MB of RSS
// (docs/ARCHITECTURE.md, "Gateway hot path").
export const STALE_CACHE_DEFAULTS: StaleCacheLimits = Object.freeze({
  maxEntries: 10_000,
  maxBytes: 16 * 1024 * 1024,
  maxEntryBytes: 256 * 1024,
});

const NOT_STORABLE = /(?:^|,)\s*(?:no-store|private|no-cache)\b/i;
const STORABLE = /(?:^|,)\s*(?:public|s-maxage=[1-9]|max-age=[1-9])/i;

/**
 * The bounded cache of the `degraded` level: 200 answers to GETs that the
 * upstream marked cacheable (`cache-control` with `public` or a positive
 * `max-age`/`s-maxage`, and none of `no-store`, `private`, `no-cache`),
 * keyed by cell, tenant, user and normalized target, so no tenant or user
 * ever reads another's answer. Served only when the instance failed and
 * the cell is degraded or limited, marked `x-cache: stale`.
 */
export class StaleCache {
  private readonly entries = new Map<string, StaleEntry>();

  private bytes = 0;

  constructor(
    private readonly limits: StaleCacheLimits = STALE_CACHE_DEFAULTS,
  ) {}

  /**
   * Whether a response may be kept (checked before its body is read), by
   * its status and flat header list: one `cache-control` line that allows
   * it and no `set-cookie`.
   */
  static storable(status: number, headers: readonly string[]): boolean {
    if (status !== 200) return false;

    let control: string | null = null;
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i];
      if (name === 'set-cookie') return false;
      if (name === 'cache-control') {
        if (control !== null) return false;
        control = headers[i + 1]!;
      }
    }

    return (
      control !== null && STORABLE.test(control) && !NOT_STORABLE.test(control)
    );
  }

  static key(
    cellId: string,
    tenantId: string,
    userSub: string | null,
    target: string,
  ): string {
    return `${cellId}\n${tenantId}\n${userSub ?? ''}\n${target}`;
  }

  /** Whether a body of `bytes` may still be kept (checked as it streams). */
  fits(bytes: number): boolean {
    return bytes <= this.limits.maxEntryBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): StaleEntry | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }

    return entry;
  }

  set(key: string, entry: StaleEntry): void {
    if (entry.body.length > this.limits.maxEntryBytes) return;

    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.bytes -= previous.body.length;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.body.length;

    for (const [oldest, value] of this.entries) {
      if (
        this.entries.size <= this.limits.maxEntries &&
        this.bytes <= this.limits.maxBytes
      ) {
        break;
      }
      this.entries.delete(oldest);
      this.bytes -= value.body.length;
    }
  }
}
