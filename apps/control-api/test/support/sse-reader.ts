export interface SseEvent {
  event: string;
  id: string | null;
  data: string;
  receivedAt: number;
}

/**
 * A minimal server-sent-events reader over fetch, for tests: events are
 * queued as they arrive; comment lines (`: ping`) are counted.
 */
export class SseReader {
  pings = 0;
  status = 0;
  private readonly events: SseEvent[] = [];
  private readonly waiters: ((event: SseEvent) => void)[] = [];
  private readonly abort = new AbortController();
  private buffer = '';

  static async open(
    url: string,
    headers: Record<string, string>,
  ): Promise<SseReader> {
    const reader = new SseReader();
    const response = await fetch(url, {
      headers,
      signal: reader.abort.signal,
    });
    reader.status = response.status;
    if (response.body) void reader.pump(response.body);

    return reader;
  }

  /** The next event, waiting up to `timeoutMs`. */
  next(timeoutMs = 5_000): Promise<SseEvent> {
    const queued = this.events.shift();
    if (queued) return Promise.resolve(queued);

    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('no SSE event in time')),
        timeoutMs,
      );
      this.waiters.push((event) => {
        clearTimeout(timer);
        resolve(event);
      });
    });
  }

  /** Events already received and not yet taken. */
  pending(): number {
    return this.events.length;
  }

  close(): void {
    this.abort.abort();
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();

    try {
      for await (const chunk of body) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          this.dispatch(this.buffer.slice(0, end));
          this.buffer = this.buffer.slice(end + 2);
        }
      }
    } catch {
      // Aborted by close(): the test is done with the stream.
    }
  }

  private dispatch(block: string): void {
    let event = 'message';
    let id: string | null = null;
    const data: string[] = [];

    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.pings++;
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0) return;

    const parsed = {
      event,
      id,
      data: data.join('\n'),
      receivedAt: performance.now(),
    };
    const waiter = this.waiters.shift();
    if (waiter) waiter(parsed);
    else this.events.push(parsed);
  }
}
