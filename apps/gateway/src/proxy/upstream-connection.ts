import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';

import {
  Http1ResponseParser,
  type ResponseParseError,
  type ResponseSink,
} from './http1-response-parser';
import { UpstreamError } from './upstream-error';
import type { UpstreamPool } from './upstream-pool';
import type { PoolRequest } from './upstream-request';

/** The errors that mean an idle connection was closed as it was reused. */
const STALE_SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE']);

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
export class UpstreamConnection implements ResponseSink {
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
   * The socket failed or closed under a request. An idempotent one
   * without a body that went out on a reused socket and saw no byte back
   * met a server closing the idle connection as it was reused: it is sent
   * again, once. Any other may have been acted on, and is not.
   */
  private lost(cause: Error | null): void {
    const request = this.request;
    if (request === null) {
      this.retire();

      return;
    }

    const stale =
      request.resendable &&
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
      this.pool.release(this, true);
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
