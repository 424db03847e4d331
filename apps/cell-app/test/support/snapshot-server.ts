import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  generateSigningKey,
  signSnapshot,
  snapshotEtag,
  type SigningKey,
  type SnapshotBody,
} from '@cellplane/contract';

/**
 * A real HTTP server speaking the control-api's `/v1/snapshots` protocol
 * with snapshots signed by a real Ed25519 key, so the cell-app's follower
 * (verification included) runs unchanged in integration tests.
 */
export class SnapshotServer {
  readonly key: SigningKey = generateSigningKey();
  readonly token = 'cell-test-token';
  readonly seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  /** Set to a non-200 status to break the stream and force polling. */
  streamStatus = 200;
  private latest: { version: number; text: string; etag: string } | null = null;
  private readonly streams = new Set<ServerResponse>();
  private readonly server: Server = createServer((req, res) => {
    this.seen.push({ path: req.url ?? '', headers: req.headers });
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      res.writeHead(401).end('{"code":"UNAUTHORIZED"}');
    } else if (req.url === '/v1/snapshots/latest') {
      this.serveLatest(req.headers, res);
    } else if (req.url === '/v1/snapshots/stream') {
      this.serveStream(req.headers, res);
    } else {
      res.writeHead(404).end();
    }
  });

  get url(): string {
    const { port } = this.server.address() as AddressInfo;

    return `http://127.0.0.1:${port}`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) =>
      this.server.listen(0, '127.0.0.1', resolve),
    );

    return this;
  }

  publish(body: SnapshotBody): void {
    const envelope = signSnapshot(body, this.key);
    this.latest = {
      version: body.version,
      text: JSON.stringify(envelope),
      etag: snapshotEtag(envelope),
    };

    for (const res of this.streams) this.send(res);
  }

  /** Cuts every open stream, as a crashed control-api would. */
  dropStreams(): void {
    for (const res of this.streams) res.socket?.destroy();
    this.streams.clear();
  }

  streamRequests(): number {
    return this.seen.filter((each) => each.path === '/v1/snapshots/stream')
      .length;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serveLatest(headers: IncomingHttpHeaders, res: ServerResponse) {
    if (!this.latest) {
      res.writeHead(404).end('{"code":"SNAPSHOT_NONE"}');
    } else if (headers['if-none-match'] === this.latest.etag) {
      res.writeHead(304, { etag: this.latest.etag }).end();
    } else {
      res
        .writeHead(200, {
          'content-type': 'application/json',
          etag: this.latest.etag,
          'x-config-version': String(this.latest.version),
        })
        .end(this.latest.text);
    }
  }

  private serveStream(headers: IncomingHttpHeaders, res: ServerResponse) {
    if (this.streamStatus !== 200) {
      res.writeHead(this.streamStatus).end();
      return;
    }

    res.writeHead(200, { 'content-type': 'text/event-stream' });
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));

    const lastEventId = Number(headers['last-event-id'] ?? 0);
    if (this.latest && this.latest.version > lastEventId) this.send(res);
  }

  private send(res: ServerResponse) {
    if (!this.latest) return;

    res.write(
      `event: snapshot\nid: ${this.latest.version}\ndata: ${this.latest.text}\n\n`,
    );
  }
}
