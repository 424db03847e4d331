import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import {
  SnapshotSource,
  type SnapshotSourceOptions,
  type SnapshotSourceState,
  type SnapshotVia,
} from './snapshot-source';

const TOKEN = 'test-token';

interface Published {
  readonly version: number;
  readonly text: string;
  readonly etag: string;
}

/**
 * A real HTTP server speaking the control-api's `/v1/snapshots` protocol
 * (SSE stream and conditional GET), with switches to break it.
 */
class ConfigServer {
  readonly server: Server;
  readonly seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  readonly streams = new Set<ServerResponse>();
  latest: Published | null = null;
  streamStatus = 200;
  latestHangs = false;

  constructor() {
    this.server = createServer((req, res) => {
      this.seen.push({ path: req.url ?? '', headers: req.headers });

      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401).end('{"code":"UNAUTHORIZED"}');
      } else if (req.url === '/v1/snapshots/latest') {
        this.serveLatest(req.headers, res);
      } else if (req.url === '/v1/snapshots/stream') {
        this.serveStream(req.headers, res);
      } else {
        res.writeHead(404).end();
      }
    });
  }

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

  publish(version: number, text = envelopeText(version)): void {
    this.latest = { version, text, etag: `"v${version}"` };

    for (const res of this.streams) this.sendEvent(res);
  }

  /** Cuts every open stream, as a crashed control-api would. */
  dropStreams(): void {
    for (const res of this.streams) res.socket?.destroy();
    this.streams.clear();
  }

  requestsTo(path: string) {
    return this.seen.filter((request) => request.path === path);
  }

  connectionCount(): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.getConnections((error, count) =>
        error ? reject(error) : resolve(count),
      ),
    );
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serveLatest(headers: IncomingHttpHeaders, res: ServerResponse) {
    if (this.latestHangs) return;

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
      res.writeHead(this.streamStatus).end('{"code":"BROKEN"}');
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
    });
    res.write(': connected\n\n');
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));

    const lastEventId = Number(headers['last-event-id'] ?? 0);
    if (this.latest && this.latest.version > lastEventId) this.sendEvent(res);
  }

  private sendEvent(res: ServerResponse) {
    if (!this.latest) return;

    const data = this.latest.text
      .split('\n')
      .map((line) => `data: ${line}\n`)
      .join('');
    res.write(`event: snapshot\nid: ${this.latest.version}\n${data}\n`);
  }
}

function envelopeText(version: number): string {
  return JSON.stringify({ body: { version } });
}

interface Received {
  readonly text: string;
  readonly via: SnapshotVia;
}

function follow(
  server: ConfigServer,
  options: Partial<SnapshotSourceOptions> = {},
) {
  const received: Received[] = [];
  const states: SnapshotSourceState[] = [];
  const source = new SnapshotSource({
    baseUrl: server.url,
    token: TOKEN,
    consumerId: 'gw-test',
    pollIntervalMs: 100,
    reconnectInitialMs: 50,
    reconnectMaxMs: 200,
    requestTimeoutMs: 1_000,
    onSnapshot: (text, via) => received.push({ text, via }),
    onStateChange: (state) => states.push(state),
    ...options,
  });
  sources.push(source);

  return { source, received, states };
}

async function until(check: () => boolean, timeoutMs = 3_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const servers: ConfigServer[] = [];
const sources: SnapshotSource[] = [];

async function startServer(): Promise<ConfigServer> {
  const server = await new ConfigServer().listen();
  servers.push(server);

  return server;
}

afterEach(async () => {
  await Promise.all(sources.splice(0).map((source) => source.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('SnapshotSource', () => {
  it('cold-starts with a GET, then receives new versions on the stream', async () => {
    const server = await startServer();
    server.publish(1);
    const { source, received } = follow(server);

    source.start({ version: null, etag: null });
    await until(() => received.length === 1 && source.currentState.connected);
    expect(received[0]).toEqual({ text: envelopeText(1), via: 'poll' });

    source.setApplied({ version: 1, etag: '"v1"' });
    server.publish(2);
    await until(() => received.length === 2);

    expect(received[1]).toEqual({ text: envelopeText(2), via: 'stream' });
    expect(server.requestsTo('/v1/snapshots/latest')[0]?.headers).toMatchObject(
      { 'x-cellplane-consumer': 'gw-test' },
    );
  });

  it('delivers a multi-line event exactly as sent', async () => {
    const server = await startServer();
    const { source, received } = follow(server);
    source.start({ version: null, etag: null });
    await until(() => source.currentState.connected);

    server.publish(3, '{\n  "body": {"version": 3}\n}');
    await until(() => received.length === 1);

    expect(received[0]).toEqual({
      text: '{\n  "body": {"version": 3}\n}',
      via: 'stream',
    });
  });

  it('reconnects after the server drops the stream, sending Last-Event-ID', async () => {
    const server = await startServer();
    server.publish(1);
    const { source, received, states } = follow(server);
    source.start({ version: 1, etag: '"v1"' });
    await until(() => source.currentState.connected);

    server.dropStreams();
    await until(() => states.some((state) => !state.connected));
    server.publish(2);
    await until(() => received.length === 1);

    const streamRequests = server.requestsTo('/v1/snapshots/stream');
    expect(streamRequests.length).toBeGreaterThanOrEqual(2);
    expect(streamRequests.at(-1)?.headers['last-event-id']).toBe('1');
    expect(received[0]?.text).toBe(envelopeText(2));
    await until(() => source.currentState.connected);
  });

  it('sends the applied version as Last-Event-ID after setApplied', async () => {
    const server = await startServer();
    server.publish(4);
    const { source, received } = follow(server);
    source.start({ version: null, etag: null });
    await until(() => received.length === 1 && source.currentState.connected);

    source.setApplied({ version: 4, etag: '"v4"' });
    server.dropStreams();
    await until(() => server.requestsTo('/v1/snapshots/stream').length >= 2);

    expect(
      server.requestsTo('/v1/snapshots/stream').at(-1)?.headers[
        'last-event-id'
      ],
    ).toBe('4');
  });

  it('falls back to polling while the stream endpoint fails', async () => {
    const server = await startServer();
    server.streamStatus = 500;
    server.publish(1);
    const { source, received } = follow(server);
    source.start({ version: null, etag: null });
    await until(() => received.length === 1);
    source.setApplied({ version: 1, etag: '"v1"' });

    server.publish(2);
    await until(() => received.length === 2);

    expect(received[1]).toEqual({ text: envelopeText(2), via: 'poll' });
    expect(source.currentState.connected).toBe(false);
    expect(source.currentState.lastError).toMatch(
      /^SNAPSHOT_CLIENT_HTTP_STATUS: .* 500$/,
    );

    // Once the stream works again, polling stops.
    server.streamStatus = 200;
    await until(() => source.currentState.connected);
    const polls = server.requestsTo('/v1/snapshots/latest').length;
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(server.requestsTo('/v1/snapshots/latest').length).toBe(polls);
  });

  it('sends If-None-Match and hands nothing over on 304', async () => {
    const server = await startServer();
    server.streamStatus = 503;
    server.publish(5);
    const { source, received, states } = follow(server);
    source.start({ version: 5, etag: '"v5"' });

    await until(() => server.requestsTo('/v1/snapshots/latest').length >= 3);

    expect(received).toEqual([]);
    for (const request of server.requestsTo('/v1/snapshots/latest')) {
      expect(request.headers['if-none-match']).toBe('"v5"');
    }
    expect(states.some((state) => state.lastContactAt !== null)).toBe(true);
  });

  it('hands a version over once even when stream and GET both carry it', async () => {
    const server = await startServer();
    server.publish(1);
    const { source, received } = follow(server);
    source.start({ version: null, etag: null });

    // The consumer never calls setApplied here, so the stream resends 1.
    await until(() => source.currentState.connected);
    await source.refresh();
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(received).toHaveLength(1);
  });

  it('hands over a different text for a version it handed but that was not applied', async () => {
    const server = await startServer();
    const { source, received } = follow(server);
    source.start({ version: 1, etag: '"v1"' });
    await until(() => source.currentState.connected);

    // A corrupt v2 is refused by the consumer (no setApplied), then the
    // control plane sends a good v2: it must not be dropped as seen.
    server.publish(2, '{"corrupt":true}');
    await until(() => received.length === 1);
    server.publish(2, envelopeText(2));
    await until(() => received.length === 2);

    expect(received.map((r) => r.text)).toEqual([
      '{"corrupt":true}',
      envelopeText(2),
    ]);

    source.setApplied({ version: 2, etag: '"v2"' });
    server.publish(2, '{"another":"v2"}');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toHaveLength(2);
  });

  it('bounds a GET that never answers and reports a timeout', async () => {
    const server = await startServer();
    server.latestHangs = true;
    server.streamStatus = 500;
    const { source } = follow(server, { requestTimeoutMs: 200 });

    const startedAt = Date.now();
    source.start({ version: null, etag: null });
    await source.refresh();

    expect(Date.now() - startedAt).toBeLessThan(1_000);
    await until(() =>
      (source.currentState.lastError ?? '').includes('TIMEOUT'),
    );
  });

  it('keeps going when the consumer throws', async () => {
    const server = await startServer();
    server.publish(1);
    let calls = 0;
    const { source } = follow(server, {
      onSnapshot: () => {
        calls += 1;
        throw new Error('boom');
      },
    });
    source.start({ version: null, etag: null });
    await until(() => calls === 1 && source.currentState.connected);

    server.publish(2);
    await until(() => calls === 2);
    expect(source.currentState.lastError).toBe(
      'SNAPSHOT_CLIENT_CONSUMER_THREW: boom',
    );
  });

  it('leaves no timers or sockets after close() on an open stream', async () => {
    const server = await startServer();
    server.publish(1);
    const timersBefore = countTimeouts();
    const { source } = follow(server);
    source.start({ version: null, etag: null });
    await until(() => source.currentState.connected);
    expect(await server.connectionCount()).toBeGreaterThan(0);

    await source.close();

    expect(countTimeouts()).toBeLessThanOrEqual(timersBefore);
    await untilAsync(async () => (await server.connectionCount()) === 0);
    const requests = server.seen.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.seen.length).toBe(requests);
  });

  it('closes at once while waiting to reconnect or poll', async () => {
    const server = await startServer();
    server.streamStatus = 500;
    const timersBefore = countTimeouts();
    const { source } = follow(server, {
      reconnectInitialMs: 5_000,
      reconnectMaxMs: 10_000,
      pollIntervalMs: 5_000,
    });
    source.start({ version: null, etag: null });
    await until(() => server.requestsTo('/v1/snapshots/stream').length === 1);
    await new Promise((resolve) => setTimeout(resolve, 50));

    const startedAt = Date.now();
    await source.close();

    expect(Date.now() - startedAt).toBeLessThan(200);
    expect(countTimeouts()).toBeLessThanOrEqual(timersBefore);
  });
});

function countTimeouts(): number {
  return process
    .getActiveResourcesInfo()
    .filter((resource) => resource === 'Timeout').length;
}

async function untilAsync(check: () => Promise<boolean>) {
  const deadline = Date.now() + 2_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
