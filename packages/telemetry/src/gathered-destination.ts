/** Where gathered chunks go: pino's `destination()` (SonicBoom) fits. */
export interface ChunkSink {
  write(chunk: string): boolean;
  flushSync(): void;
}

export interface GatheredDestinationOptions {
  /**
   * A chunk is handed on before it would pass this many bytes (a line
   * longer than that goes alone). At most `PIPE_BYTES` keeps every write
   * whole on a pipe that several processes share.
   */
  readonly maxBytes: number;
  /** Lines wait at most this long for a chunk to fill. */
  readonly flushMs: number;
}

/**
 * What POSIX writes to a pipe in one piece (PIPE_BUF on Linux): the
 * workers of a gateway share their primary's stdout, and a longer write
 * to a full pipe can be split and interleaved with another worker's.
 */
export const PIPE_BYTES = 4_096;

/**
 * A log destination that hands its lines on in chunks: a busy process
 * writes one line per request, and a write per line (synchronous or not)
 * cost a third of the gateway's CPU per request. SonicBoom's own
 * `minLength` gathers too, but it measures the UTF-8 length of the whole
 * pending text on every line, which flattened a string of kilobytes per
 * request; here each line is measured once and a chunk is one `join`.
 *
 * Lines keep their order and are never split. Pending lines are written
 * synchronously when the process exits, however it exits (`process.exit`,
 * an uncaught exception); `end` does the same earlier.
 */
export class GatheredDestination {
  private lines: string[] = [];

  private bytes = 0;

  private readonly timer: NodeJS.Timeout;

  private readonly onExit = (): void => this.flushSync();

  constructor(
    private readonly sink: ChunkSink,
    private readonly options: GatheredDestinationOptions,
  ) {
    // Unref'd: a quiet process with nothing else to do still exits.
    this.timer = setInterval(() => this.flush(), options.flushMs);
    this.timer.unref();
    process.once('exit', this.onExit);
  }

  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.bytes + bytes > this.options.maxBytes) this.flush();
    this.lines.push(line);
    this.bytes += bytes;

    return true;
  }

  /** Hands the pending lines on as one chunk. */
  flush(): void {
    if (this.lines.length === 0) return;

    const chunk =
      this.lines.length === 1 ? this.lines[0]! : this.lines.join('');
    this.lines = [];
    this.bytes = 0;
    this.sink.write(chunk);
  }

  flushSync(): void {
    this.flush();
    this.sink.flushSync();
  }

  /** Flushes and stops the timer; later lines are still written. */
  end(): void {
    clearInterval(this.timer);
    process.off('exit', this.onExit);
    this.flushSync();
  }
}
