/** Why a response could not be read; the message names the broken rule. */
export class ResponseParseError extends Error {
  readonly code = 'HTTP1_BAD_RESPONSE';

  constructor(message: string) {
    super(message);
    this.name = 'ResponseParseError';
  }
}

/** Where a parser delivers what it reads, in this order, per response. */
export interface ResponseSink {
  /** The final head; returning false pauses the parser until `resume()`. */
  onResponseHead(statusCode: number, rawHeaders: string[]): boolean;
  /** A piece of the body; returning false pauses until `resume()`. */
  onResponseBody(chunk: Buffer): boolean;
  onResponseComplete(): void;
  /** The input broke a rule; the parser reads nothing more. */
  onResponseError(error: ResponseParseError): void;
}

export interface ResponseParserOptions {
  /** Bound on a head (status line and headers) and on trailers. */
  readonly maxHeaderBytes?: number;
}

const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;

/** Bound on one chunk-size line, extensions included. */
const MAX_CHUNK_LINE_BYTES = 4096;

/** The blank line that ends a head. */
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/** A NUL, or a CR or LF that is not part of a line end. */
const STRAY_LINE_BYTES = /\0|\r(?!\n)|(?<!\r)\n/;

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;

// RFC 9112 section 4: the reason phrase may be empty, even its space.
const STATUS_LINE = /^HTTP\/1\.[01] [1-9]\d\d(?: |$)/;

// RFC 9110 section 5.6.2.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Twelve hex digits stay far below 2^53; longer sizes are refused, so the
// size never loses precision (RFC 9112 section 7.1).
const CHUNK_SIZE_LINE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/;

const KEEP_ALIVE_TIMEOUT = /(?:^|[\s,;])timeout[ \t]*=[ \t]*"?(\d{1,9})/i;

const enum State {
  /** No response is awaited: any byte is an error. */
  Idle,
  Head,
  BodyLength,
  /** The body runs until the connection closes. */
  BodyUntilClose,
  ChunkSize,
  ChunkData,
  /** The CRLF after a chunk's data. */
  ChunkDataEnd,
  Trailers,
  /** Failed or stopped: the input is ignored. */
  Dead,
}

/**
 * A strict, incremental HTTP/1.1 response parser for one connection,
 * fed the socket's chunks as they come, split anywhere. It is reused for
 * every response on the connection: `expect` announces each request.
 *
 * Strictness is the point: a response whose framing two parsers could read
 * differently (Transfer-Encoding with Content-Length, differing lengths,
 * bare LF, obs-fold) is refused rather than guessed at, since a gateway
 * that guesses differently from the instance can be fed a smuggled
 * response for another client's request.
 */
export class Http1ResponseParser {
  /** Whether the connection may carry another request after this one. */
  keepAlive = false;

  /** The server's `Keep-Alive: timeout=N` hint in ms, or -1 if none. */
  keepAliveHintMs = -1;

  /** Whether any byte of the awaited response has arrived. */
  started = false;

  /** Holding unread input until `resume()`. */
  paused = false;

  private state = State.Idle;

  private readonly maxHeaderBytes: number;

  /** Bytes the head, trailers or chunk-size line may still take. */
  private budget = 0;

  /** The start of a line whose LF has not arrived yet. */
  private partial: Buffer | null = null;

  /** The current line, without its CRLF (set by `takeLine`). */
  private line: Buffer = Buffer.alloc(0);

  private noBody = false;

  private sawStatusLine = false;

  private statusCode = 0;

  private http10 = false;

  private headers: string[] = [];

  private contentLength = -1;

  private transferEncoding: string | null = null;

  private connectionClose = false;

  private connectionKeepAlive = false;

  /** Body or chunk bytes still to come. */
  private remaining = 0;

  private sawChunkCr = false;

  private held: Buffer | null = null;

  private heldAt = 0;

  /** The connection closed; acted on once held input is read. */
  private eof = false;

  constructor(
    private readonly sink: ResponseSink,
    options: ResponseParserOptions = {},
  ) {
    this.maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  }

  /** A request was sent: its response comes next. */
  expect(isHeadRequest: boolean): void {
    if (this.state === State.Dead) return;

    this.state = State.Head;
    this.noBody = isHeadRequest;
    this.started = false;
    this.keepAlive = false;
    this.keepAliveHintMs = -1;
    this.resetHead();
  }

  /** Failed or stopped (a getter: the state changes under callbacks). */
  private get dead(): boolean {
    return this.state === State.Dead;
  }

  /** Reads a chunk from the connection. */
  execute(chunk: Buffer): void {
    if (chunk.length === 0 || this.state === State.Dead) return;

    if (this.paused) {
      const rest = this.held?.subarray(this.heldAt);
      this.held = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
      this.heldAt = 0;

      return;
    }

    if (this.state !== State.Idle) this.started = true;
    this.run(chunk, 0);
  }

  /** The connection closed: completes a body that runs until then. */
  end(): void {
    this.eof = true;
    if (this.paused) return;

    if (this.state === State.BodyUntilClose) this.complete(false);
  }

  /** Continues after a sink returned false. */
  resume(): void {
    if (!this.paused || this.state === State.Dead) return;
    this.paused = false;

    const held = this.held ?? EMPTY;
    const at = this.held === null ? 0 : this.heldAt;
    this.held = null;
    this.heldAt = 0;
    this.run(held, at);

    if (!this.paused && this.eof) this.end();
  }

  /** Stops for good: the connection is being destroyed. */
  stop(): void {
    this.state = State.Dead;
    this.paused = false;
    this.held = null;
    this.partial = null;
  }

  private run(chunk: Buffer, at: number): void {
    const end = chunk.length;
    let pos = at;

    while (!this.paused) {
      switch (this.state) {
        case State.Dead:
          return;

        case State.Idle:
          if (pos < end) this.fail('data arrived with no response awaited');

          return;

        case State.Head:
        case State.ChunkSize:
        case State.Trailers: {
          if (pos >= end) return;
          if (this.state === State.Head && !this.sawStatusLine) {
            const after = this.readWholeHead(chunk, pos);
            if (after !== -1) {
              pos = after;
              if (this.paused) this.hold(chunk, pos);
              break;
            }
            if (this.dead) return;
          }
          const next = this.takeLine(chunk, pos);
          if (next === -1) return;
          pos = next;
          this.onLine(pos < end);
          if (this.paused) this.hold(chunk, pos);
          break;
        }

        case State.ChunkData:
        case State.BodyLength: {
          if (this.remaining === 0) {
            if (this.state === State.BodyLength) this.complete(pos < end);
            else this.chunkDataDone();
            break;
          }
          if (pos >= end) return;
          const take = Math.min(this.remaining, end - pos);
          this.remaining -= take;
          pos += take;
          if (!this.sink.onResponseBody(chunk.subarray(pos - take, pos))) {
            this.hold(chunk, pos);
          }
          break;
        }

        case State.BodyUntilClose: {
          if (pos >= end) return;
          const body = pos === 0 ? chunk : chunk.subarray(pos);
          pos = end;
          if (!this.sink.onResponseBody(body)) this.hold(chunk, pos);
          break;
        }

        case State.ChunkDataEnd: {
          if (pos >= end) return;
          const byte = chunk[pos++];
          if (!this.sawChunkCr && byte === CR) {
            this.sawChunkCr = true;
          } else if (this.sawChunkCr && byte === LF) {
            this.state = State.ChunkSize;
            this.budget = MAX_CHUNK_LINE_BYTES;
          } else {
            this.fail('chunk data is not followed by CRLF');
          }
          break;
        }
      }
    }
  }

  /**
   * Moves `this.line` to the next line of `chunk` from `pos` and returns
   * where the line after it starts; -1 if the line is not complete yet
   * (its start is kept) or broke a rule (reported).
   */
  /**
   * A head whole in this chunk and with no CR, LF or NUL but its line
   * ends, read as one latin1 string: one copy instead of one per line.
   * Anything else (a head split across chunks, over its bound, or with a
   * stray byte) is left to the line by line path, which reads it, or
   * fails on it, the same way. Returns where the head ended, or -1.
   */
  private readWholeHead(chunk: Buffer, pos: number): number {
    if (this.partial !== null) return -1;
    const end = chunk.indexOf(HEAD_END, pos);
    if (end === -1 || end + HEAD_END.length - pos > this.budget) return -1;

    const text = chunk.toString('latin1', pos, end);
    if (STRAY_LINE_BYTES.test(text)) return -1;
    this.budget -= end + HEAD_END.length - pos;

    let at = text.indexOf('\r\n');
    this.onStatusLine(at === -1 ? text : text.slice(0, at));
    while (at !== -1 && this.state !== State.Dead) {
      const from = at + 2;
      at = text.indexOf('\r\n', from);
      this.readField(at === -1 ? text.slice(from) : text.slice(from, at), true);
    }
    if (this.state === State.Dead) return -1;

    this.onHeadEnd();

    return end + HEAD_END.length;
  }

  private takeLine(chunk: Buffer, pos: number): number {
    const lf = chunk.indexOf(LF, pos);
    const stop = lf === -1 ? chunk.length : lf + 1;

    this.budget -= stop - pos;
    if (this.budget < 0) {
      this.fail(this.state === State.ChunkSize ? CHUNK_LINE : HEAD_TOO_LARGE);

      return -1;
    }

    const partial = this.partial;
    if (lf === -1) {
      const piece = chunk.subarray(pos);
      // Copied: a small tail should not pin a whole socket chunk.
      this.partial =
        partial === null ? Buffer.from(piece) : Buffer.concat([partial, piece]);

      return -1;
    }

    let line = chunk.subarray(pos, lf);
    if (partial !== null) {
      line = Buffer.concat([partial, line]);
      this.partial = null;
    }

    const last = line.length - 1;
    if (last < 0 || line[last] !== CR) {
      this.fail('a line ends with a bare LF');

      return -1;
    }
    line = line.subarray(0, last);
    if (line.indexOf(CR) !== -1 || line.indexOf(0) !== -1) {
      this.fail('a line holds a CR or NUL');

      return -1;
    }
    this.line = line;

    return lf + 1;
  }

  private onLine(more: boolean): void {
    const line = this.line;

    if (this.state === State.ChunkSize) {
      this.onChunkSize(line.toString('latin1'));
    } else if (this.state === State.Trailers) {
      // Trailers are read for their syntax only: a proxy must not merge
      // them into the head it already relayed.
      if (line.length === 0) this.complete(more);
      else this.readField(line.toString('latin1'), false);
    } else if (!this.sawStatusLine) {
      this.onStatusLine(line.toString('latin1'));
    } else if (line.length === 0) {
      this.onHeadEnd();
    } else {
      this.readField(line.toString('latin1'), true);
    }
  }

  private onStatusLine(text: string): void {
    if (!STATUS_LINE.test(text)) {
      this.fail('the status line is not HTTP/1.x with a 3-digit status');

      return;
    }
    this.sawStatusLine = true;
    this.http10 = text.charCodeAt(7) === 0x30;
    this.statusCode = Number(text.slice(9, 12));
  }

  /** Reads a header or trailer line; keeps it and its meaning if `keep`. */
  private readField(line: string, keep: boolean): void {
    const first = line.charCodeAt(0);
    if (first === SP || first === HTAB) {
      this.fail('a header line is folded (obs-fold)');

      return;
    }

    const colon = line.indexOf(':');
    if (colon === -1) {
      this.fail('a header line has no colon');

      return;
    }

    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) {
      this.fail('a header name is not a token');

      return;
    }
    if (!keep) return;

    const value = trimOws(line.slice(colon + 1));
    if (this.readFraming(name, value)) this.headers.push(name, value);
  }

  /**
   * The headers that decide framing and reuse; others pass untouched.
   * False when the line is not to be relayed as it came: Content-Length
   * is relayed once, as the one number it holds (RFC 9110 section 8.6),
   * and not at all on a 204.
   */
  private readFraming(name: string, value: string): boolean {
    switch (name.length) {
      case 14:
        if (name.toLowerCase() === 'content-length') {
          const first = this.contentLength === -1;
          this.readContentLength(value);
          if (first && this.state !== State.Dead && this.statusCode !== 204) {
            this.headers.push(name, String(this.contentLength));
          }

          return false;
        }
        break;

      case 17:
        if (name.toLowerCase() === 'transfer-encoding') {
          const seen = this.transferEncoding;
          this.transferEncoding = seen === null ? value : `${seen},${value}`;
        }
        break;

      case 10: {
        const lower = name.toLowerCase();
        if (lower === 'connection') this.readConnection(value);
        else if (lower === 'keep-alive') this.readKeepAlive(value);
        break;
      }
    }

    return true;
  }

  private readContentLength(value: string): void {
    const parts = value.includes(',') ? value.split(',') : [value];
    for (const part of parts) {
      const digits = trimOws(part);
      if (!/^\d+$/.test(digits)) {
        this.fail('Content-Length is not a decimal number');

        return;
      }

      const length = Number(digits);
      if (length > Number.MAX_SAFE_INTEGER) {
        this.fail('Content-Length is too large');

        return;
      }
      if (this.contentLength !== -1 && this.contentLength !== length) {
        this.fail('Content-Length values differ');

        return;
      }
      this.contentLength = length;
    }
  }

  private readConnection(value: string): void {
    for (const option of value.split(',')) {
      const lower = trimOws(option).toLowerCase();
      if (lower === 'close') this.connectionClose = true;
      else if (lower === 'keep-alive') this.connectionKeepAlive = true;
    }
  }

  private readKeepAlive(value: string): void {
    const match = KEEP_ALIVE_TIMEOUT.exec(value);
    if (match !== null) this.keepAliveHintMs = Number(match[1]) * 1000;
  }

  private onHeadEnd(): void {
    const status = this.statusCode;

    // 1. Interim responses carry no body; the final one follows (RFC 9110
    //    section 15.2). Switching protocols is not something a proxied
    //    request asked for.
    if (status < 200) {
      if (status === 101) {
        this.fail('101 Switching Protocols is not supported');

        return;
      }
      this.resetHead();

      return;
    }

    // 2. The framing must be unambiguous (RFC 9112 section 6.3).
    const chunked = this.readTransferEncoding();
    if (this.state === State.Dead) return;

    // 3. Reuse (RFC 9112 section 9.3): an HTTP/1.0 message with
    //    Transfer-Encoding has faulty framing and its connection is closed.
    this.keepAlive =
      !this.connectionClose &&
      (this.http10
        ? this.connectionKeepAlive && this.transferEncoding === null
        : true);

    const noBody = this.noBody || status === 204 || status === 304;
    if (noBody) {
      this.state = State.BodyLength;
      this.remaining = 0;
      // A 204 may not announce a body (RFC 9110 section 15.3.5): one
      // that does may send it anyway, as the next request's answer. A HEAD
      // or 304 may carry the length of the body they leave out.
      if (status === 204 && (chunked || this.contentLength > 0)) {
        this.keepAlive = false;
      }
    } else if (chunked) {
      this.state = State.ChunkSize;
      this.budget = MAX_CHUNK_LINE_BYTES;
    } else if (this.contentLength !== -1) {
      this.state = State.BodyLength;
      this.remaining = this.contentLength;
    } else {
      this.state = State.BodyUntilClose;
      this.keepAlive = false;
    }

    const headers = this.headers;
    this.headers = [];
    // The caller's loop keeps the rest of the chunk when paused.
    if (!this.sink.onResponseHead(status, headers)) this.paused = true;
  }

  /** Whether the body is chunked; reports a framing error if there is one. */
  private readTransferEncoding(): boolean {
    const value = this.transferEncoding;
    if (value === null) return false;

    if (this.contentLength !== -1) {
      this.fail('Transfer-Encoding and Content-Length are both present');

      return false;
    }

    // Only the last coding may be chunked, and only once (RFC 9112
    // section 6.1); empty list elements are allowed and skipped.
    let last = '';
    let chunkedSeen = 0;
    for (const coding of value.split(',')) {
      const lower = trimOws(coding).toLowerCase();
      if (lower === '') continue;
      last = lower;
      if (lower === 'chunked') chunkedSeen += 1;
    }
    if (last !== 'chunked' || chunkedSeen !== 1) {
      this.fail('Transfer-Encoding does not end with chunked (only once)');

      return false;
    }

    return true;
  }

  private onChunkSize(text: string): void {
    const match = CHUNK_SIZE_LINE.exec(text);
    if (match === null) {
      this.fail('a chunk size is not 1 to 12 hex digits');

      return;
    }

    const size = parseInt(match[1]!, 16);
    if (size === 0) {
      this.state = State.Trailers;
      this.budget = this.maxHeaderBytes;

      return;
    }
    this.state = State.ChunkData;
    this.remaining = size;
  }

  private chunkDataDone(): void {
    this.state = State.ChunkDataEnd;
    this.sawChunkCr = false;
  }

  private hold(chunk: Buffer, pos: number): void {
    this.paused = true;
    this.held = pos < chunk.length ? chunk : null;
    this.heldAt = pos;
  }

  /** The response is whole; `more` bytes after it spoil the connection. */
  private complete(more: boolean): void {
    if (more) this.keepAlive = false;
    this.state = State.Idle;
    this.partial = null;
    this.sink.onResponseComplete();
  }

  private resetHead(): void {
    this.budget = this.maxHeaderBytes;
    this.partial = null;
    this.sawStatusLine = false;
    this.statusCode = 0;
    this.http10 = false;
    this.headers.length = 0;
    this.contentLength = -1;
    this.transferEncoding = null;
    this.connectionClose = false;
    this.connectionKeepAlive = false;
  }

  private fail(message: string): void {
    this.stop();
    this.sink.onResponseError(new ResponseParseError(message));
  }
}

const EMPTY = Buffer.alloc(0);

const HEAD_TOO_LARGE = 'the response head or trailers exceed the size limit';

const CHUNK_LINE = 'a chunk-size line exceeds the size limit';

function isOws(byte: number): boolean {
  return byte === SP || byte === HTAB;
}

function trimOws(text: string): string {
  let start = 0;
  let stop = text.length;
  while (start < stop && isOws(text.charCodeAt(start))) start += 1;
  while (stop > start && isOws(text.charCodeAt(stop - 1))) stop -= 1;

  return start === 0 && stop === text.length ? text : text.slice(start, stop);
}
