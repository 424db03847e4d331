/** Where gathered chunks go: pino's `destination()` (SonicBoom) fits. */
export interface ChunkSink {
  write(chunk: string): boolean;
  flushSync(): void;
}

export interface GatheredDestinationOptions {
  /** A chunk is handed on once its lines reach this many characters. */
  readonly minChars: number;
  /** Lines wait at most this long for a chunk to fill. */
  readonly flushMs: number;
}

/**
 * A log destination that hands its lines on in chunks: a busy process
 * writes one line per request, and a write per line (synchronous or not)
 * cost a third of the gateway's CPU per request. SonicBoom's own
 * `minLength` gathers too, but it measures the UTF-8 length of the whole
 * pending text on every line, which flattened a string of kilobytes per
 * request; here a chunk is one `join` of the lines that filled it.
 *
 * Lines keep their order. `flushSync` hands on what is pending and waits
 * for the sink to write it: call it before the process exits.
 */
export class GatheredDestination {
  private lines: string[] = [];

  private chars = 0;

  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly sink: ChunkSink,
    private readonly options: GatheredDestinationOptions,
  ) {
    // Unref'd: a quiet process with nothing else to do still exits.
    this.timer = setInterval(() => this.flush(), options.flushMs);
    this.timer.unref();
  }

  write(line: string): boolean {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.options.minChars) this.flush();

    return true;
  }

  /** Hands the pending lines on as one chunk. */
  flush(): void {
    if (this.lines.length === 0) return;

    const chunk =
      this.lines.length === 1 ? this.lines[0]! : this.lines.join('');
    this.lines = [];
    this.chars = 0;
    this.sink.write(chunk);
  }

  flushSync(): void {
    this.flush();
    this.sink.flushSync();
  }

  /** Flushes and stops the timer; later lines are still written. */
  end(): void {
    clearInterval(this.timer);
    this.flushSync();
  }
}
