import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { SnapshotStreams } from '../http/v1/snapshot-streams';
import type { Runner } from './runner';

/**
 * The HTTP server as a runner. Closing stops accepting, ends the SSE
 * streams (they never finish by themselves), lets in-flight requests finish
 * within `graceMs`, then cuts what is left.
 */
export class HttpRunner implements Runner {
  readonly name = 'http';

  constructor(
    private readonly server: Server,
    private readonly streams: SnapshotStreams,
    private readonly listen: { host: string; port: number; graceMs: number },
  ) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.listen.port, this.listen.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** The base URL the server listens on (port 0 resolved). */
  url(): string {
    const address = this.server.address() as AddressInfo;
    const host =
      address.family === 'IPv6' ? `[${address.address}]` : address.address;

    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;

    const closed = new Promise<void>((resolve) =>
      this.server.close(() => resolve()),
    );
    this.streams.closeAll();
    this.server.closeIdleConnections();

    const grace = setTimeout(
      () => this.server.closeAllConnections(),
      this.listen.graceMs,
    );
    await closed;
    clearTimeout(grace);
  }
}
