/** One dispatched server-sent event. */
export interface SseEvent {
  /** The `event` field, `'message'` when the server named none. */
  readonly type: string;
  /** The `data` lines joined with `\n`. */
  readonly data: string;
  /** The last event id seen on the stream so far, `''` when none. */
  readonly lastEventId: string;
  /** The `id` field of this event itself, undefined when it had none. */
  readonly id: string | undefined;
}

export interface SseParserHandlers {
  readonly onEvent: (event: SseEvent) => void;
  /** A `retry` field: the server's reconnection delay in milliseconds. */
  readonly onRetry?: (milliseconds: number) => void;
  /** A comment line such as `: ping`, text after the colon. */
  readonly onComment?: (text: string) => void;
}

/**
 * Incremental parser for the `text/event-stream` format, following the
 * WHATWG HTML "Server-sent events" interpretation rules. Feed it decoded
 * text in chunks of any size; it keeps the partial line between chunks.
 */
export class SseParser {
  private buffer = '';
  private sawFirstChunk = false;
  private pendingCarriageReturn = false;
  private eventType = '';
  private dataLines: string[] = [];
  private lastEventId = '';
  private eventId: string | undefined;
  private dataLength = 0;

  constructor(private readonly handlers: SseParserHandlers) {}

  /** Characters held for the event being collected, to bound memory. */
  get pendingLength(): number {
    return this.buffer.length + this.dataLength;
  }

  feed(chunk: string): void {
    let text = chunk;

    // 1. A UTF-8 byte order mark at the very start of the stream is skipped.
    if (!this.sawFirstChunk && text.length > 0) {
      this.sawFirstChunk = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }

    // 2. A CR that ended the previous chunk may be the first half of CRLF.
    if (this.pendingCarriageReturn && text.startsWith('\n')) {
      text = text.slice(1);
    }
    this.pendingCarriageReturn = false;

    this.buffer += text;

    // 3. Lines end with CRLF, LF or CR; anything after the last end waits.
    let start = 0;
    for (let index = 0; index < this.buffer.length; index += 1) {
      const char = this.buffer[index];
      if (char !== '\n' && char !== '\r') continue;

      this.processLine(this.buffer.slice(start, index));

      if (char === '\r') {
        if (index + 1 === this.buffer.length) {
          this.pendingCarriageReturn = true;
        } else if (this.buffer[index + 1] === '\n') {
          index += 1;
        }
      }
      start = index + 1;
    }
    this.buffer = this.buffer.slice(start);
  }

  private processLine(line: string): void {
    // 4. An empty line dispatches the event collected so far.
    if (line === '') {
      this.dispatch();
      return;
    }

    // 5. A line starting with a colon is a comment.
    if (line.startsWith(':')) {
      this.handlers.onComment?.(line.slice(1).trimStart());
      return;
    }

    // 6. `field: value`; one space after the colon is dropped; a line with
    //    no colon is a field with an empty value.
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);

    this.processField(field, value);
  }

  private processField(field: string, value: string): void {
    switch (field) {
      case 'event':
        this.eventType = value;
        break;
      case 'data':
        this.dataLines.push(value);
        this.dataLength += value.length + 1;
        break;
      case 'id':
        // An id holding NUL is ignored, as the spec says.
        if (!value.includes('\0')) {
          this.lastEventId = value;
          this.eventId = value;
        }
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value)) {
          this.handlers.onRetry?.(Number.parseInt(value, 10));
        }
        break;
      default:
        // Unknown fields are ignored.
        break;
    }
  }

  private dispatch(): void {
    const type = this.eventType === '' ? 'message' : this.eventType;
    const lines = this.dataLines;
    const id = this.eventId;

    this.eventType = '';
    this.dataLines = [];
    this.dataLength = 0;
    this.eventId = undefined;

    // An event with no data line is dropped, but its id still counts.
    if (lines.length === 0) return;

    this.handlers.onEvent({
      type,
      data: lines.join('\n'),
      lastEventId: this.lastEventId,
      id,
    });
  }
}
