import { UpstreamConnection } from './upstream-connection';
import { UpstreamError } from './upstream-error';
import {
  PoolRequest,
  type UpstreamHandler,
  type UpstreamRequest,
} from './upstream-request';

/** The abort of a request that was never queued. */
const IGNORE_ABORT = (): void => undefined;

export interface UpstreamPoolOptions {
  /** Most sockets open at once; requests beyond wait in order. */
  readonly connections: number;
  readonly keepAliveTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Bound on a response head and on trailers; 64 KiB by default. */
  readonly maxHeaderBytes?: number;
}

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
  private readonly idle: UpstreamConnection[] = [];

  /** Every socket not yet closed, in any state. */
  private readonly sockets = new Set<UpstreamConnection>();

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
  /**
   * Returns the request's `abort` (the one `onConnect` hands over), so a
   * caller that gives up while the request waits for a connection takes
   * it out of the queue rather than have a connection opened for nothing.
   */
  dispatch(
    request: UpstreamRequest,
    handler: UpstreamHandler,
  ): (reason?: Error) => void {
    if (this.closed) {
      handler.onError(
        new UpstreamError('UPSTREAM_POOL_CLOSED', 'the pool is closed'),
      );

      return IGNORE_ABORT;
    }

    const prepared = new PoolRequest(this, request, handler);
    if (prepared.refused !== null) {
      handler.onError(prepared.refused);

      return IGNORE_ABORT;
    }

    this.queue.push(prepared);
    this.pump();

    return prepared.abort;
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
  release(connection: UpstreamConnection, reusable: boolean): void {
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
  retired(connection: UpstreamConnection): void {
    this.open -= 1;

    const at = this.idle.indexOf(connection);
    if (at !== -1) this.idle.splice(at, 1);
  }

  /** @internal A connection's socket closed. */
  forget(connection: UpstreamConnection): void {
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
  private startNext(connection: UpstreamConnection): boolean {
    while (this.queue.length > 0) {
      if (connection.start(this.queue.shift()!)) return true;
    }

    return false;
  }

  private connectFor(request: PoolRequest): void {
    this.open += 1;
    const connection = new UpstreamConnection(this, request);
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
