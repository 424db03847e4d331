import type { UpstreamPool } from './upstream-pool';
import type { UpstreamHandler } from './upstream-request';

/** Why a status request gave up: its time ran out. */
export class UpstreamStatusTimeout extends Error {
  readonly code = 'UPSTREAM_STATUS_TIMEOUT';
}

/**
 * GETs `path` through `pool` and resolves with the response's status once
 * its body has been read and dropped; rejects when the request fails or
 * takes longer than `timeoutMs` (then aborted, or dropped when it would
 * start if it is still waiting for a connection). For requests off the
 * proxy path, such as health checks.
 */
export function upstreamStatus(
  pool: UpstreamPool,
  path: string,
  headers: string[],
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = new StatusRequest(resolve, reject);
    probe.timer = setTimeout(() => probe.timeOut(timeoutMs), timeoutMs);
    pool.dispatch({ method: 'GET', path, headers, body: null }, probe);
  });
}

class StatusRequest implements UpstreamHandler {
  timer: NodeJS.Timeout | null = null;

  private status = 0;

  private abort: ((reason?: Error) => void) | null = null;

  private timedOut: Error | null = null;

  constructor(
    private readonly resolve: (status: number) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  timeOut(timeoutMs: number): void {
    this.timedOut = new UpstreamStatusTimeout(
      `no whole response within ${timeoutMs} ms`,
    );
    if (this.abort !== null) this.abort(this.timedOut);
    else this.onError(this.timedOut);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abort = abort;
    if (this.timedOut !== null) abort(this.timedOut);
  }

  onHeaders(statusCode: number): boolean {
    this.status = statusCode;

    return true;
  }

  onData(): boolean {
    return true;
  }

  onComplete(): void {
    this.settle();
    this.resolve(this.status);
  }

  onError(error: Error): void {
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
