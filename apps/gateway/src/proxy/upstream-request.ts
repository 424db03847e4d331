import type { Readable } from 'node:stream';

import type { UpstreamConnection } from './upstream-connection';
import { IDEMPOTENT_METHODS } from './idempotent-methods';
import { UpstreamError } from './upstream-error';
import type { UpstreamPool } from './upstream-pool';

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

// RFC 9110 section 5.6.2.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

// Characters latin1 cannot carry are refused with the ones that would end
// a line early.
const UNSENDABLE = /[\0\r\n\u0100-\uffff]/;

/** Lengths of `host`, `connection`, `content-length`, `transfer-encoding`. */
const FRAMING_LENGTHS = new Set([4, 10, 14, 17]);

/** One dispatched request and its progress. */
export class PoolRequest {
  readonly handler: UpstreamHandler;

  readonly body: Readable | null;

  readonly isHead: boolean;

  /** Bodiless and idempotent: may be sent again on a fresh connection. */
  readonly resendable: boolean;

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

  connection: UpstreamConnection | null = null;

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
    this.resendable =
      request.body === null && IDEMPOTENT_METHODS.has(request.method);
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
