import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';

import type { Cell } from '@cellplane/contract';
import type { RetryBudget } from '@cellplane/resilience';

import type { ProbeSlots } from '../cluster/probe-slots';
import { GatewayError } from '../errors/gateway-error';
import { downstreamResponseHeaders } from '../hygiene/owned-headers';
import type { DegradationLevel } from '../protection/degradation';
import { StaleCache } from '../protection/stale-cache';
import type {
  InstanceBalancer,
  InstanceLease,
} from '../routing/instance-balancer';
import type { DeadlineQueue, Expiring } from './deadline-queue';
import type { UpstreamHandler } from './upstream-request';
import type { UpstreamPools } from './upstream-pools';

/** What one request turned into, for its access log line and metrics. */
export interface RequestTrace {
  snapshotVersion?: number;
  tenantId?: string;
  cellId?: string;
  instanceId?: string;
  routeId?: string | null;
  path?: string;
  code?: string;
  reason?: string;
  retried?: boolean;
}

/** Built once per gateway: what every exchange uses. */
export interface ExchangeServices {
  readonly balancer: InstanceBalancer;
  readonly pools: UpstreamPools;
  readonly retries: RetryBudget;
  readonly stale: StaleCache;
  readonly deadlines: DeadlineQueue;
  /** Half-open probes shared by the workers; null in one process. */
  readonly probeSlots: ProbeSlots | null;
  /** Answers a request that no instance answered, with the error's body. */
  readonly answerError: (error: GatewayError, request: ExchangeRequest) => void;
}

/** One request, checked and decided, ready to go upstream. */
export interface ExchangeRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly cell: Cell;
  readonly level: DegradationLevel;
  readonly tenantId: string;
  readonly userSub: string | null;
  /** The normalized method and path (+ query): what policy evaluated. */
  readonly method: string;
  readonly target: string;
  /** The upstream request headers (owned-headers.ts), flat name/value. */
  readonly headers: string[];
  /** Whether the client's body is streamed upstream. */
  readonly withBody: boolean;
  /** Whether a failed attempt may be tried again on another instance. */
  readonly retryable: boolean;
  /** Time the whole exchange may take, response body included. */
  readonly timeoutMs: number;
  /** The gateway's own response headers. */
  readonly own: Record<string, string>;
  readonly trace: RequestTrace;
  /** `performance.now()` when the request arrived. */
  readonly arrivedAt: number;
}

type Outcome = 'success' | 'failure' | 'cancelled';

// Abort reasons: compared by identity, never shown to a client.
const TIMED_OUT = new Error('upstream exceeded the total timeout');
const CLIENT_GONE = new Error('client closed the connection');

/**
 * Proxies one request to an instance of its cell, streaming both bodies,
 * as the handler of an `UpstreamPool` request: no promise, stream wrapper,
 * abort controller or closure per request (docs/ARCHITECTURE.md, "Gateway
 * hot path").
 *
 * - The instance is chosen by the balancer (least connection, breakers,
 *   health); its lease is released once per attempt with the outcome:
 *   `failure` (error or 5xx) counts against it, `cancelled` (the client
 *   left) only frees the slot.
 * - Before the response has started, a failure is tried again once on
 *   another instance when the request is retryable and the retry budget
 *   allows; otherwise the stale cache answers while the cell is degraded
 *   or limited, else the error. After, the client connection is cut, since
 *   a status already sent cannot be taken back.
 * - `timeoutMs` bounds the whole exchange, response body included, through
 *   the shared deadline queue; a client that leaves aborts the upstream
 *   request.
 */
export class ProxyExchange implements UpstreamHandler, Expiring {
  deadlineAt = 0;

  previousDue: Expiring | null = null;

  nextDue: Expiring | null = null;

  private lease: InstanceLease | null = null;

  /** The instance whose fleet-wide probe slot this attempt holds. */
  private probeSlot: string | null = null;

  private excluded: string | null = null;

  private failed: GatewayError | null = null;

  private attemptAt = 0;

  private abortUpstream: ((reason?: Error) => void) | null = null;

  private resumeUpstream: (() => void) | null = null;

  /** Why the gateway aborted the attempt in flight, if it did. */
  private aborted: Error | null = null;

  /** Whether the client has its answer's status (or the error's). */
  private answered = false;

  private status = 0;

  private kept: { headers: string[]; chunks: Buffer[]; bytes: number } | null =
    null;

  constructor(
    private readonly services: ExchangeServices,
    private readonly request: ExchangeRequest,
  ) {}

  /** Starts the exchange, timed from when the request arrived. */
  start(): void {
    const now = this.request.arrivedAt;
    this.deadlineAt = now + this.request.timeoutMs;
    this.services.deadlines.add(this, this.request.timeoutMs);
    this.services.retries.recordRequest(now);
    this.attempt();
  }

  /**
   * Starts once the request's decision is on disk (the decision log's
   * waiter): unless the client left meanwhile, when there is nothing to
   * send it. A reset connection is destroyed before its response knows
   * (node:http closes the response a tick later), so the socket is asked.
   */
  decisionWritten(): void {
    const { req, res } = this.request;
    if (res.destroyed || req.socket.destroyed) return;

    try {
      this.start();
    } catch (error) {
      this.services.answerError(
        new GatewayError('GW_INTERNAL', 'request handling failed', {
          cause: error,
        }),
        this.request,
      );
    }
  }

  /** The client connection closed: abort what is still in flight. */
  clientClosed(): void {
    if (!this.request.res.writableFinished) this.abort(CLIENT_GONE);
  }

  /** The deadline passed (called by the deadline queue). */
  expire(): void {
    this.abort(TIMED_OUT);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortUpstream = abort;
    if (this.aborted !== null) abort(this.aborted);
  }

  onHeaders(
    statusCode: number,
    rawHeaders: string[],
    resume: () => void,
  ): boolean {
    const { res, own, method } = this.request;
    const headers = downstreamResponseHeaders(rawHeaders, own);
    try {
      res.writeHead(statusCode, headers);
    } catch (error) {
      // A header node:http refuses to send: the upstream's answer is bad.
      this.abort(error as Error);

      return false;
    }
    this.answered = true;
    this.status = statusCode;
    this.resumeUpstream = resume;
    if (method === 'GET' && StaleCache.storable(statusCode, headers)) {
      this.kept = { headers, chunks: [], bytes: 0 };
    }

    return true;
  }

  onData(chunk: Buffer): boolean {
    const kept = this.kept;
    if (kept !== null) {
      kept.chunks.push(chunk);
      kept.bytes += chunk.length;
      if (!this.services.stale.fits(kept.bytes)) this.kept = null;
    }

    const { res } = this.request;
    if (res.write(chunk)) return true;

    // Paused until the client has taken what is buffered.
    res.once('drain', this.resumeUpstream!);

    return false;
  }

  onComplete(): void {
    this.request.res.end();
    this.finish();

    const kept = this.kept;
    if (kept !== null) {
      this.services.stale.set(this.staleKey(), {
        status: this.status,
        headers: kept.headers,
        body: Buffer.concat(kept.chunks, kept.bytes),
      });
    }

    // An instance answering 5xx is failing, whatever it managed to send.
    this.settle(this.status >= 500 ? 'failure' : 'success');
  }

  onError(error: Error): void {
    if (this.aborted === CLIENT_GONE) {
      this.settle('cancelled');
      this.finish();

      return;
    }

    this.settle('failure');
    if (this.answered) {
      // Cut a relayed answer short; one the gateway gave itself (a
      // timeout while queued) is whole and its connection stays.
      if (this.status !== 0) this.request.res.destroy();
      this.finish();

      return;
    }

    this.retryOrGiveUp(upstreamError(error, this.aborted));
  }

  private attempt(): void {
    const { balancer } = this.services;
    const { cell } = this.request;

    const now = performance.now();
    const lease = balancer.acquire(cell, this.excluded, now);
    // No other instance for the retry: the first failure is the answer.
    if (lease === null) {
      this.giveUp(this.failed ?? unavailable(cell.id));

      return;
    }

    // A half-open breaker's probe goes out only with the gateway's probe
    // slot for the instance, so N workers still send one probe (K10).
    const slots = this.services.probeSlots;
    if (lease.probe && slots !== null) {
      void slots
        .claim(lease.instance.id)
        .then((granted) => this.onProbeSlot(lease, granted));

      return;
    }

    this.send(lease, now);
  }

  private onProbeSlot(lease: InstanceLease, granted: boolean): void {
    const now = performance.now();
    const gone = this.request.res.destroyed || this.answered;
    const late = now >= this.deadlineAt;
    if (granted && !gone && !late) {
      this.probeSlot = lease.instance.id;
      this.send(lease, now);

      return;
    }

    // Not sent: the breaker's probe and the gateway's slot are free again.
    lease.abandon();
    if (granted) this.services.probeSlots!.release(lease.instance.id);
    if (gone) this.finish();
    else if (late) this.giveUp(upstreamError(TIMED_OUT, TIMED_OUT));
    else this.giveUp(this.failed ?? unavailable(this.request.cell.id));
  }

  private send(lease: InstanceLease, now: number): void {
    const { pools } = this.services;
    const { req, method, target, headers, withBody, trace } = this.request;

    this.lease = lease;
    trace.instanceId = lease.instance.id;

    this.aborted = null;
    this.abortUpstream = null;
    this.attemptAt = now;

    const upstream = pools.get(lease.instance);
    const abort = upstream.pool.dispatch(
      {
        method,
        path: upstream.basePath + target,
        headers,
        body: withBody ? req : null,
      },
      this,
    );
    // Unless the attempt already ended (refused at once, then retried or
    // answered): a deadline that passes while it waits for a connection
    // takes it out of the pool's queue.
    if (this.lease === lease) this.abortUpstream ??= abort;
  }

  private abort(reason: Error): void {
    if (this.lease === null || this.aborted !== null) return;
    this.aborted = reason;

    if (this.abortUpstream !== null) {
      this.abortUpstream(reason);
    } else if (reason === TIMED_OUT) {
      // Waiting for the fleet's half-open probe slot: answer now; the
      // lease is given back when the slot's answer comes.
      this.giveUp(upstreamError(reason, reason));
    }
  }

  private settle(outcome: Outcome): void {
    const lease = this.lease;
    this.lease = null;
    const now = performance.now();
    lease?.release(outcome, now - this.attemptAt, now);

    if (this.probeSlot !== null) {
      this.services.probeSlots!.release(this.probeSlot);
      this.probeSlot = null;
    }
  }

  private retryOrGiveUp(error: GatewayError): void {
    const { retryable, res, trace } = this.request;
    const now = performance.now();

    // Only a request whose repetition is harmless and whose body was never
    // streamed upstream may be tried again, once, on another instance.
    if (
      retryable &&
      this.excluded === null &&
      !res.headersSent &&
      now < this.deadlineAt &&
      this.services.retries.tryRetry(now)
    ) {
      this.excluded = trace.instanceId ?? null;
      this.failed = error;
      trace.retried = true;
      this.attempt();

      return;
    }

    this.giveUp(error);
  }

  private giveUp(error: GatewayError): void {
    this.finish();
    if (this.answered) return;
    this.answered = true;

    if (!this.serveStale()) this.services.answerError(error, this.request);
  }

  /**
   * While a cell is degraded or limited, a GET whose instance failed is
   * answered from the stale cache when it holds the answer.
   */
  private serveStale(): boolean {
    const { method, level, res, own, trace } = this.request;
    if (method !== 'GET' || level === 'normal' || res.headersSent) {
      return false;
    }
    const entry = this.services.stale.get(this.staleKey());
    if (entry === undefined) return false;

    trace.code = 'STALE';
    res.writeHead(entry.status, [
      ...replaceNamed(entry.headers, own),
      'x-cache',
      'stale',
      'content-length',
      String(entry.body.length),
    ]);
    res.end(entry.body);

    return true;
  }

  /** Out of the deadline queue: nothing is left to time out. */
  private finish(): void {
    this.services.deadlines.remove(this, this.request.timeoutMs);
  }

  private staleKey(): string {
    const { cell, tenantId, userSub, target } = this.request;

    return StaleCache.key(cell.id, tenantId, userSub, target);
  }
}

/**
 * A kept answer's headers with this request's own headers in place of
 * the ones it was sent with (`x-request-id`...), and without a length,
 * which the caller sets from the body.
 */
function replaceNamed(
  kept: readonly string[],
  own: Readonly<Record<string, string>>,
): string[] {
  const headers: string[] = [];
  for (let i = 0; i < kept.length; i += 2) {
    const name = kept[i]!;
    if (name in own || name === 'content-length') continue;
    headers.push(name, kept[i + 1]!);
  }
  for (const name in own) headers.push(name, own[name]!);

  return headers;
}

function unavailable(cellId: string): GatewayError {
  return new GatewayError(
    'GW_CELL_UNAVAILABLE',
    `no instance of cell ${cellId} can take the request`,
  );
}

function upstreamError(error: Error, reason: Error | null): GatewayError {
  if (reason === TIMED_OUT) {
    return new GatewayError(
      'GW_UPSTREAM_TIMEOUT',
      'upstream exceeded the total timeout',
      { cause: error },
    );
  }

  const code = (error as { code?: unknown }).code;
  if (code === 'UPSTREAM_CONNECT_TIMEOUT') {
    return new GatewayError(
      'GW_UPSTREAM_TIMEOUT',
      `upstream timed out (${code})`,
      { cause: error },
    );
  }

  return new GatewayError(
    'GW_UPSTREAM_ERROR',
    `upstream failed: ${error.message}`,
    { cause: error },
  );
}
