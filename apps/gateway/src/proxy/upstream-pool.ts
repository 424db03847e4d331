import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';

import {
  Http1ResponseParser,
  type ResponseParseError,
  type ResponseSink,
} from './http1-response-parser';

export type UpstreamErrorCode =
  | 'UPSTREAM_CONNECT_TIMEOUT'
  | 'UPSTREAM_CONNECT_FAILED'
  | 'UPSTREAM_CLOSED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_BAD_REQUEST'
  | 'UPSTREAM_POOL_CLOSED'
  | 'UPSTREAM_ABORTED';

/** Why an upstream request failed. Messages never carry header values. */
export class UpstreamError extends Error {
  readonly code: UpstreamErrorCode;

  constructor(
    code: UpstreamErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'UpstreamError';
    this.code = code;
  }
}

export interface UpstreamRequest {
  readonly method: string;
  readonly path: string;
  /** Flat lower-case name/value pairs, values as latin1 strings. */
  readonly headers: string[];
  readonly body: Readable | null;
}

/**
 * What a request's caller is told, in this order: `onConnect` once, then
 * `onHeaders`, `onData`... and exactly one of `onComplete` or `onError`
 * (which may come at any point, even before `onConnect`).
 */
export interface UpstreamHandler {
  /** The request has a connection; `abort` may be called from now on. */
  onConnect(abort: (reason?: Error) => void): void;
  /** The final response head; false pauses the response until `resume`. */
  onHeaders(
    statusCode: number,
    rawHeaders: string[],
    resume: () => void,
  ): boolean;
  /** A piece of the body; false pauses the response until `resume`. */
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  onError(error: Error): void;
}

export interface UpstreamPoolOptions {
  /** Most sockets open at once; requests beyond wait in order. */
  readonly connections: number;
  readonly keepAliveTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Bound on a response head and on trailers; 64 KiB by default. */
  readonly maxHeaderBytes?: number;
}

// RFC 9110 section 5.6.2.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

// Characters latin1 cannot carry are refused with the ones that would end
// a line early.
const UNSENDABLE = /[\0\r\n\u0100-\uffff]/;

/** Lengths of `host`, `connection`, `content-length`, `transfer-encoding`. */
const FRAMING_LENGTHS = new Set([4, 10, 14, 17]);

/** The errors that mean an idle connection was closed as it was reused. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

/**
 * A keep-alive pool of plain HTTP/1.1 connections to one origin, shaped
 * like undici's `Pool.dispatch` as ProxyExchange uses it but without its
 * per-request machinery: one object and two functions per request, no
 * promise, no timer (the exchange's own deadline aborts), and one parser
 * per connection.
 */
export class UpstreamPool {
  /** Requests waiting for a connection, oldest first. */
  private readonly queue: PoolRequest[] = [];

  /** Kept connections, the most recently used last. */
  private readonly idle: Connection[] = [];

  /** Every socket not yet closed, in any state. */
  private readonly sockets = new Set<Connection>();

  /** Connections counted against `connections`. */
  private open = 0;

  private closed = false;

  private destroyed = false;

  private onClosed: (() => void) | null = null;

  private closing: Promise<void> | null = null;

  readonly host: string;

  readonly port: number;

  /** The default `host` header. */
  readonly authority: string;

  constructor(
    origin: string,
    readonly options: UpstreamPoolOptions,
  ) {
    const url = new URL(origin);
    if (url.protocol !== 'http:') {
      throw new TypeError(`UpstreamPool speaks plain http only: ${origin}`);
    }
    this.host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.port = url.port === '' ? 80 : Number(url.port);
    this.authority = url.host;
  }

  /** Sends a request when a connection is free; see UpstreamHandler. */
  dispatch(request: UpstreamRequest, handler: UpstreamHandler): void {
    if (this.closed) {
      handler.onError(
        new UpstreamError('UPSTREAM_POOL_CLOSED', 'the pool is closed'),
      );

      return;
    }

    const prepared = new PoolRequest(this, request, handler);
    if (prepared.refused !== null) {
      handler.onError(prepared.refused);

      return;
    }

    this.queue.push(prepared);
    this.pump();
  }

  /**
   * Refuses new requests, lets those in flight or queued finish, then
   * closes every socket; resolves once all are closed.
   */
  close(): Promise<void> {
    this.closed = true;
    if (this.closing === null) {
      this.closing = new Promise((resolve) => (this.onClosed = resolve));
    }

    for (const connection of [...this.idle]) connection.retire();
    this.checkClosed();

    return this.closing;
  }

  /** Closes every socket now; requests not done fail. */
  destroy(): void {
    this.closed = true;
    this.destroyed = true;

    const gone = () =>
      new UpstreamError('UPSTREAM_POOL_CLOSED', 'the pool was destroyed');
    for (const request of this.queue.splice(0)) request.fail(gone());
    for (const connection of [...this.sockets]) connection.fail(gone());
    this.checkClosed();
  }

  /** @internal A connection finished its request. */
  release(connection: Connection, reusable: boolean): void {
    if (!reusable || this.destroyed) {
      connection.retire();
    } else if (!this.startNext(connection)) {
      if (this.closed) {
        connection.retire();
      } else {
        connection.rest();
        this.idle.push(connection);
      }
    }

    this.pump();
    this.checkClosed();
  }

  /** @internal A connection no longer counts against the limit. */
  retired(connection: Connection): void {
    this.open -= 1;

    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
  }

  /** @internal A connection's socket closed. */
  forget(connection: Connection): void {
    this.sockets.delete(connection);
    this.pump();
    this.checkClosed();
  }

  /**
   * @internal A request without body lost its reused connection before
   * any byte of the response: it goes again, first, on a new socket.
   */
  resend(request: PoolRequest): void {
    if (this.destroyed) {
      request.fail(
        new UpstreamError('UPSTREAM_POOL_CLOSED', 'the pool was destroyed'),
      );

      return;
    }

    this.connectFor(request);
  }

  /** @internal A new connection's first request left before it was sent. */
  connectedIdle(connection: Connection): void {
    this.release(connection, true);
  }

  /** @internal A request left before it had a connection. */
  unqueue(request: PoolRequest): void {
    const at = this.queue.indexOf(request);
    if (at !== -1) this.queue.splice(at, 1);
  }

  /** Gives waiting requests a connection: a kept one first, else a new one. */
  private pump(): void {
    while (this.queue.length > 0) {
      const connection = this.idle.pop();
      if (connection !== undefined) {
        if (!this.startNext(connection)) {
          connection.rest();
          this.idle.push(connection);
        }
        continue;
      }

      if (this.open >= this.options.connections) return;
      this.connectFor(this.queue.shift()!);
    }
  }

  /**
   * Starts the oldest waiting request on a free connection; one aborted
   * as it got it (a request that timed out while queued) leaves the
   * connection clean for the next. False when none took it.
   */
  private startNext(connection: Connection): boolean {
    while (this.queue.length > 0) {
      if (connection.start(this.queue.shift()!)) return true;
    }

    return false;
  }

  private connectFor(request: PoolRequest): void {
    this.open += 1;
    const connection = new Connection(this, request);
    this.sockets.add(connection);
  }

  private checkClosed(): void {
    if (!this.closed || this.onClosed === null) return;
    if (this.queue.length > 0 || this.sockets.size > 0) return;

    const resolve = this.onClosed;
    this.onClosed = null;
    resolve();
  }
}

/** One dispatched request and its progress. */
class PoolRequest {
  readonly handler: UpstreamHandler;

  readonly body: Readable | null;

  readonly isHead: boolean;

  /** The encoded request head, or '' when refused. */
  head = '';

  /** Why the request cannot be sent, found before anything is written. */
  refused: UpstreamError | null = null;

  /** Declared body length, or -1 for a chunked body (or none). */
  contentLength = -1;

  /** Body bytes still to write under a declared length. */
  remaining = 0;

  /** The whole body (or none) is written: a condition of reuse. */
  bodyWritten = false;

  connection: Connection | null = null;

  /** `onConnect` was called (once, even if the request is sent again). */
  connected = false;

  /** Its head was written on a connection. */
  sent = false;

  retried = false;

  done = false;

  readonly abort = (reason?: Error): void => this.cancel(reason);

  readonly resume = (): void => this.connection?.resumeResponse(this);

  constructor(
    private readonly pool: UpstreamPool,
    request: UpstreamRequest,
    handler: UpstreamHandler,
  ) {
    this.handler = handler;
    this.body = request.body;
    this.isHead = request.method === 'HEAD';
    this.prepare(request);
  }

  /** Fails the request once; the caller has let go of its connection. */
  fail(error: Error): void {
    if (this.done) return;
    this.done = true;
    this.connection = null;
    this.handler.onError(error);
  }

  private cancel(reason: Error | undefined): void {
    if (this.done) return;

    const error =
      reason ??
      new UpstreamError('UPSTREAM_ABORTED', 'the request was aborted');
    const connection = this.connection;
    if (connection !== null && this.sent) {
      connection.fail(error);
    } else {
      // Queued, connecting, or in `onConnect`: nothing went out, so the
      // connection stays clean for another request.
      if (connection === null) this.pool.unqueue(this);
      this.fail(error);
    }
  }

  /** Checks and encodes the head in one pass over the headers. */
  private prepare(request: UpstreamRequest): void {
    const { method, path, headers, body } = request;

    if (!TOKEN.test(method)) return this.refuse('the method is not a token');
    if (!VISIBLE_ASCII.test(path)) {
      return this.refuse('the path holds characters outside visible ASCII');
    }
    if (headers.length % 2 !== 0) {
      return this.refuse('the headers are not name/value pairs');
    }

    let head = `${method} ${path} HTTP/1.1\r\n`;
    let hasHost = false;
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i]!;
      const value = headers[i + 1]!;
      if (!TOKEN.test(name)) return this.refuse('a header name is not a token');
      if (UNSENDABLE.test(value)) {
        return this.refuse(
          `the ${name} header holds CR, LF, NUL or non-latin1`,
        );
      }

      // Only names of these lengths matter here; others skip the copy.
      const lower = FRAMING_LENGTHS.has(name.length) ? name.toLowerCase() : '';
      if (lower === 'host') hasHost = true;
      else if (lower === 'content-length') {
        if (this.contentLength !== -1 || !/^\d{1,15}$/.test(value)) {
          return this.refuse('content-length is repeated or not a number');
        }
        this.contentLength = Number(value);
      } else if (lower === 'transfer-encoding' || lower === 'connection') {
        // The pool owns framing and reuse; a caller's would contradict it.
        return this.refuse(`the ${lower} header is the pool's to set`);
      }
      head += `${name}: ${value}\r\n`;
    }

    if (this.contentLength > 0 && body === null) {
      return this.refuse('content-length is set but there is no body');
    }
    if (!hasHost) head = insertHost(head, this.pool.authority);
    if (body !== null && this.contentLength === -1) {
      head += 'transfer-encoding: chunked\r\n';
    }
    this.remaining = this.contentLength;
    this.bodyWritten = body === null;
    this.head = `${head}connection: keep-alive\r\n\r\n`;
  }

  private refuse(message: string): void {
    this.refused = new UpstreamError('UPSTREAM_BAD_REQUEST', message);
  }
}

/** The host header goes first, as clients conventionally send it. */
function insertHost(head: string, authority: string): string {
  const lineEnd = head.indexOf('\r\n') + 2;

  return `${head.slice(0, lineEnd)}host: ${authority}\r\n${head.slice(lineEnd)}`;
}

const enum Phase {
  Connecting,
  Busy,
  Idle,
  Closed,
}

/**
 * One socket and its parser. The listeners are bound once per socket and
 * act on whichever request the connection carries at the time.
 */
class Connection implements ResponseSink {
  private readonly socket: Socket;

  private readonly parser: Http1ResponseParser;

  private phase = Phase.Connecting;

  private request: PoolRequest | null;

  /** Responses completed: above zero, the connection was reused. */
  private served = 0;

  /** The socket reached EOF or closed. */
  private ended = false;

  private socketClosed = false;

  private idleTimeoutMs: number;

  private idleTimer: NodeJS.Timeout | null = null;

  private connectTimer: NodeJS.Timeout | null;

  constructor(
    private readonly pool: UpstreamPool,
    request: PoolRequest,
  ) {
    const { host, port, options } = pool;
    this.request = request;
    request.connection = this;
    this.idleTimeoutMs = options.keepAliveTimeoutMs;
    this.parser = new Http1ResponseParser(this, {
      maxHeaderBytes: options.maxHeaderBytes,
    });

    this.socket = connect({ host, port });
    this.socket.setNoDelay(true);
    this.socket.on('connect', this.onSocketConnect);
    this.socket.on('data', this.onSocketData);
    this.socket.on('end', this.onSocketEnd);
    this.socket.on('error', this.onSocketError);
    this.socket.on('close', this.onSocketClose);
    this.socket.on('drain', this.onSocketDrain);
    this.connectTimer = setTimeout(
      this.onConnectTimeout,
      options.connectTimeoutMs,
    );
  }

  /**
   * Sends `request` on this connected socket; false, with nothing
   * written, when it was aborted as it got the connection.
   */
  start(request: PoolRequest): boolean {
    if (request.done) return false;

    this.phase = Phase.Busy;
    this.request = request;
    request.connection = this;
    this.parser.expect(request.isHead);

    if (!request.connected) {
      request.connected = true;
      request.handler.onConnect(request.abort);
      if (request.done) {
        this.request = null;

        return false;
      }
      if (this.request !== request) return true;
    }

    request.sent = true;
    this.socket.write(request.head, 'latin1');
    if (request.body !== null) this.attachBody(request.body);

    return true;
  }

  /** Keeps the connection for a later request. */
  rest(): void {
    this.phase = Phase.Idle;
    // Flowing while idle, so a close or stray bytes are seen at once.
    this.socket.resume();

    if (this.idleTimer === null) {
      this.idleTimer = setTimeout(this.onIdleTimeout, this.idleTimeoutMs);
      this.idleTimer.unref();
    } else {
      this.idleTimer.refresh();
    }
  }

  /** Destroys the socket, failing the request it carries with `error`. */
  fail(error: Error): void {
    const request = this.request;
    this.retire();
    request?.fail(error);
  }

  /** Destroys the socket and lets go of the request, without telling it. */
  retire(): void {
    if (this.phase === Phase.Closed) return;
    this.phase = Phase.Closed;

    this.detachRequest();
    this.parser.stop();
    if (this.connectTimer !== null) clearTimeout(this.connectTimer);
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.socket.destroy();
    this.pool.retired(this);
    if (this.socketClosed) this.pool.forget(this);
  }

  /** The handler took what it was given: read on. */
  resumeResponse(request: PoolRequest): void {
    if (this.request !== request) return;

    this.parser.resume();
    if (this.request !== request || this.parser.paused) return;

    if (this.ended) this.lost(null);
    else this.socket.resume();
  }

  onResponseHead(statusCode: number, rawHeaders: string[]): boolean {
    const request = this.request!;
    const more = request.handler.onHeaders(
      statusCode,
      rawHeaders,
      request.resume,
    );

    return this.pauseUnless(more);
  }

  onResponseBody(chunk: Buffer): boolean {
    return this.pauseUnless(this.request!.handler.onData(chunk));
  }

  onResponseComplete(): void {
    const request = this.request!;
    this.served += 1;

    const reusable =
      this.parser.keepAlive && request.bodyWritten && !this.ended;
    const hinted = reusable && this.applyKeepAliveHint();

    this.detachRequest();
    request.done = true;
    request.connection = null;
    request.handler.onComplete();

    if (this.phase === Phase.Busy) this.pool.release(this, hinted);
  }

  onResponseError(error: ResponseParseError): void {
    if (this.request === null) {
      this.retire();

      return;
    }

    this.fail(
      new UpstreamError('UPSTREAM_BAD_RESPONSE', error.message, {
        cause: error,
      }),
    );
  }

  /** Pauses the socket when the handler asked to; says whether to read on. */
  private pauseUnless(more: boolean): boolean {
    if (this.phase !== Phase.Busy) return false;
    if (!more) this.socket.pause();

    return more;
  }

  /**
   * A `Keep-Alive: timeout=N` hint shortens the idle time to N - 1 s, so
   * the pool lets go first; false if that leaves no time at all.
   */
  private applyKeepAliveHint(): boolean {
    const hint = this.parser.keepAliveHintMs;
    if (hint === -1) return true;

    const timeout = Math.min(this.pool.options.keepAliveTimeoutMs, hint - 1000);
    if (timeout <= 0) return false;
    if (timeout !== this.idleTimeoutMs && this.idleTimer !== null) {
      clearTimeout(this.idleTimer);
      this.idleTimer = null;
    }
    this.idleTimeoutMs = timeout;

    return true;
  }

  private attachBody(body: Readable): void {
    if (body.readableEnded) {
      this.onBodyEnd();

      return;
    }

    body.on('data', this.onBodyData);
    body.on('end', this.onBodyEnd);
    body.on('error', this.onBodyError);
    body.on('close', this.onBodyClose);
    body.resume();
  }

  private detachRequest(): void {
    const request = this.request;
    this.request = null;
    if (request === null || request.body === null) return;

    const body = request.body;
    body.off('data', this.onBodyData);
    body.off('end', this.onBodyEnd);
    body.off('error', this.onBodyError);
    body.off('close', this.onBodyClose);
  }

  /**
   * The socket failed or closed under a request. One without a body that
   * went out on a reused socket and saw no byte back met a server closing
   * the idle connection as it was reused: it is sent again, once.
   */
  private lost(cause: Error | null): void {
    const request = this.request;
    if (request === null) {
      this.retire();

      return;
    }

    const stale =
      request.body === null &&
      !request.retried &&
      this.served > 0 &&
      !this.parser.started;
    if (!stale) {
      this.fail(
        new UpstreamError(
          'UPSTREAM_CLOSED',
          'the connection closed before the response completed',
          { cause: cause ?? undefined },
        ),
      );

      return;
    }

    request.retried = true;
    this.retire();
    request.connection = null;
    this.pool.resend(request);
  }

  private readonly onSocketConnect = (): void => {
    clearTimeout(this.connectTimer!);
    this.connectTimer = null;
    if (this.phase !== Phase.Connecting) return;

    if (!this.start(this.request!)) {
      this.phase = Phase.Busy;
      this.pool.connectedIdle(this);
    }
  };

  private readonly onConnectTimeout = (): void => {
    this.connectTimer = null;
    if (this.phase !== Phase.Connecting) return;

    const { connectTimeoutMs } = this.pool.options;
    this.fail(
      new UpstreamError(
        'UPSTREAM_CONNECT_TIMEOUT',
        `connecting took longer than ${connectTimeoutMs} ms`,
      ),
    );
  };

  private readonly onIdleTimeout = (): void => {
    if (this.phase === Phase.Idle) this.retire();
  };

  private readonly onSocketData = (chunk: Buffer): void => {
    // Bytes nobody asked for: the connection's framing is lost.
    if (this.phase !== Phase.Busy) this.retire();
    else this.parser.execute(chunk);
  };

  private readonly onSocketEnd = (): void => {
    this.onEof();
  };

  private readonly onSocketError = (error: Error): void => {
    switch (this.phase) {
      case Phase.Connecting: {
        const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
        this.fail(
          new UpstreamError(
            'UPSTREAM_CONNECT_FAILED',
            `could not connect (${code})`,
            { cause: error },
          ),
        );

        return;
      }

      case Phase.Busy: {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== undefined && STALE_SOCKET_CODES.has(code)) {
          this.lost(error);
        } else {
          this.fail(
            new UpstreamError('UPSTREAM_CLOSED', 'the connection failed', {
              cause: error,
            }),
          );
        }

        return;
      }

      default:
        this.retire();
    }
  };

  private readonly onSocketClose = (): void => {
    this.socketClosed = true;
    if (this.phase === Phase.Connecting) {
      this.fail(
        new UpstreamError('UPSTREAM_CONNECT_FAILED', 'the socket closed'),
      );
    } else {
      this.onEof();
    }

    // A paused response still holds data to read: it retires the
    // connection when it is done.
    if (this.phase === Phase.Closed) this.pool.forget(this);
  };

  private onEof(): void {
    if (this.phase !== Phase.Busy) {
      this.retire();

      return;
    }
    if (this.ended) return;
    this.ended = true;

    // A body that runs until the close ends here; the data the handler
    // has not taken yet is read first.
    this.parser.end();
    if (this.request !== null && !this.parser.paused) this.lost(null);
  }

  private readonly onSocketDrain = (): void => {
    const body = this.request?.body;
    if (body !== null && body !== undefined && !this.request!.bodyWritten) {
      body.resume();
    }
  };

  private readonly onBodyData = (data: Buffer | string): void => {
    const request = this.request!;
    const chunk = typeof data === 'string' ? Buffer.from(data) : data;
    if (chunk.length === 0) return;

    let flushed: boolean;
    if (request.contentLength !== -1) {
      if (chunk.length > request.remaining) {
        this.fail(bodyMismatch('the request body is longer than its length'));

        return;
      }
      request.remaining -= chunk.length;
      if (request.remaining === 0) request.bodyWritten = true;
      flushed = this.socket.write(chunk);
    } else {
      this.socket.cork();
      this.socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
      this.socket.write(chunk);
      flushed = this.socket.write('\r\n', 'latin1');
      this.socket.uncork();
    }

    if (!flushed) request.body!.pause();
  };

  private readonly onBodyEnd = (): void => {
    const request = this.request!;
    if (request.contentLength === -1) {
      this.socket.write('0\r\n\r\n', 'latin1');
    } else if (request.remaining > 0) {
      this.fail(bodyMismatch('the request body ended short of its length'));

      return;
    }

    request.bodyWritten = true;
    this.detachBody(request);
  };

  private readonly onBodyError = (error: Error): void => {
    this.fail(
      new UpstreamError('UPSTREAM_BAD_REQUEST', 'the request body failed', {
        cause: error,
      }),
    );
  };

  private readonly onBodyClose = (): void => {
    this.fail(bodyMismatch('the request body closed before its end'));
  };

  private detachBody(request: PoolRequest): void {
    const body = request.body!;
    body.off('data', this.onBodyData);
    body.off('end', this.onBodyEnd);
    body.off('error', this.onBodyError);
    body.off('close', this.onBodyClose);
  }
}

function bodyMismatch(message: string): UpstreamError {
  return new UpstreamError('UPSTREAM_BAD_REQUEST', message);
}
