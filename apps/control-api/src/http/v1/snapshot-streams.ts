import type { IncomingMessage, ServerResponse } from 'node:http';

import type { Logger } from '@cellplane/telemetry';

import type { ServedSnapshot } from '../../publish/load-snapshot';
import type { SnapshotFeed } from '../../publish/snapshot-feed';

export interface SnapshotStreamsOptions {
  readonly feed: SnapshotFeed;
  readonly heartbeatMs: number;
  readonly logger: Logger;
}

/**
 * `GET /v1/snapshots/stream`: server-sent events, one `snapshot` event per
 * new version (id = version, data = the envelope on one line) and a
 * `: ping` comment every `heartbeatMs` so proxies and clients can tell a
 * quiet stream from a dead one. Keeps the open streams so shutdown can
 * end them instead of waiting on them.
 */
export class SnapshotStreams {
  private readonly open = new Set<ServerResponse>();

  constructor(private readonly options: SnapshotStreamsOptions) {}

  get size(): number {
    return this.open.size;
  }

  handle(req: IncomingMessage, res: ServerResponse, logger: Logger): void {
    const consumer = consumerOf(req);
    let sentVersion = lastEventIdOf(req);

    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.flushHeaders();
    res.socket?.setNoDelay(true);

    const send = (snapshot: ServedSnapshot) => {
      if (sentVersion !== null && snapshot.version <= sentVersion) return;

      sentVersion = snapshot.version;
      res.write(
        `event: snapshot\nid: ${snapshot.version}\ndata: ${snapshot.text}\n\n`,
      );
    };

    const unsubscribe = this.options.feed.subscribe(send);
    const ping = setInterval(
      () => res.write(': ping\n\n'),
      this.options.heartbeatMs,
    );
    this.open.add(res);

    const latest = this.options.feed.latest();
    if (latest) send(latest);

    logger.info({ consumer, lastEventId: sentVersion }, 'stream opened');

    res.on('close', () => {
      clearInterval(ping);
      unsubscribe();
      this.open.delete(res);
      logger.info({ consumer }, 'stream closed');
    });
  }

  /** Ends every open stream; clients reconnect to another process. */
  closeAll(): void {
    for (const res of this.open) res.end();
  }
}

function lastEventIdOf(req: IncomingMessage): number | null {
  const header = req.headers['last-event-id'];
  const value = typeof header === 'string' ? Number(header) : NaN;

  return Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function consumerOf(req: IncomingMessage): string | undefined {
  const header = req.headers['x-cellplane-consumer'];

  return typeof header === 'string' ? header.slice(0, 64) : undefined;
}
