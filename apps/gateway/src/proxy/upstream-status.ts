import type { UpstreamPool } from './upstream-pool';
import type { UpstreamHandler } from './upstream-request';

/** Why a status request gave up: its time ran out. */
export class UpstreamStatusTimeout extends Error {
  readonly code = 'UPSTREAM_STATUS_TIMEOUT';
}

/**
 * GETs `path` through `pool` and resolves with the response's status once
 * its body has been read and dropped; rejects when the request fails or
 * takes longer than `timeoutMs` (then aborted, or taken out of the queue
 * if it is still waiting for a connection). For requests off the proxy
 * path, such as health checks.
 */
export function upstreamStatus(
  pool: UpstreamPool,
  path: string,
  headers: string[],
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = new StatusRequest(resolve, reject);
    const abort = pool.dispatch(
      { method: 'GET', path, headers, body: null },
      probe,
    );
    if (probe.settled) return;

    probe.timer = setTimeout(
      () =>
        abort(
          new UpstreamStatusTimeout(`no whole response within ${timeoutMs} ms`),
        ),
      timeoutMs,
    );
  });
}

class StatusRequest implements UpstreamHandler {
  timer: NodeJS.Timeout | null = null;

  settled = false;

  private status = 0;

  constructor(
    private readonly resolve: (status: number) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  onConnect(): void {}

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
    this.settled = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
