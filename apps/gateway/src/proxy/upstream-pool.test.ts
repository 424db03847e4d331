import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import {
  createServer as createNetServer,
  type AddressInfo,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import { afterEach, describe, expect, it } from 'vitest';

import { UpstreamError } from './upstream-error';
import { UpstreamPool, type UpstreamPoolOptions } from './upstream-pool';
import type { UpstreamHandler, UpstreamRequest } from './upstream-request';

type Hook = (recorder: Recorder) => boolean | void;

/** A handler that writes down every callback and checks the contract. */
class Recorder implements UpstreamHandler {
  readonly events: string[] = [];

  status = 0;

  headers: string[] = [];

  readonly chunks: Buffer[] = [];

  error: Error | null = null;

  abort: ((reason?: Error) => void) | null = null;

  resume: (() => void) | null = null;

  readonly done: Promise<void>;

  private settle: () => void = () => {};

  constructor(
    private readonly hooks: {
      connect?: Hook;
      headers?: Hook;
      data?: Hook;
    } = {},
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
  }

  get body(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  /** The callbacks in order, a run of `data` written once. */
  get timeline(): string[] {
    return this.events.filter(
      (event, i) => event !== 'data' || this.events[i - 1] !== 'data',
    );
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.events.push('connect');
    this.abort = abort;
    this.hooks.connect?.(this);
  }

  onHeaders(
    statusCode: number,
    rawHeaders: string[],
    resume: () => void,
  ): boolean {
    this.events.push('headers');
    this.status = statusCode;
    this.headers = rawHeaders;
    this.resume = resume;

    return this.hooks.headers?.(this) ?? true;
  }

  onData(chunk: Buffer): boolean {
    this.events.push('data');
    this.chunks.push(chunk);

    return this.hooks.data?.(this) ?? true;
  }

  onComplete(): void {
    this.events.push('complete');
    this.settle();
  }

  onError(error: Error): void {
    this.events.push('error');
    this.error = error;
    this.settle();
  }
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function port(server: HttpServer | NetServer): number {
  return (server.address() as AddressInfo).port;
}

async function listen<T extends HttpServer | NetServer>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return server;
}

interface HttpUpstream {
  readonly port: number;
  /** Connections the server accepted. */
  connections: number;
  /** The most connections open at once. */
  peak: number;
  readonly paths: string[];
  readonly closedSockets: number[];
}

/** A node:http server answering a few fixed paths. */
async function startHttp(): Promise<HttpUpstream> {
  let open = 0;
  const upstream = {
    port: 0,
    connections: 0,
    peak: 0,
    paths: [] as string[],
    closedSockets: [] as number[],
  };
  const server = createHttpServer((req, res) => answer(req, res, upstream));
  server.on('connection', (socket: Socket) => {
    upstream.connections += 1;
    open += 1;
    upstream.peak = Math.max(upstream.peak, open);
    socket.on('close', () => {
      open -= 1;
      upstream.closedSockets.push(Date.now());
    });
  });
  await listen(server);
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );

  return Object.assign(upstream, { port: port(server) });
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  upstream: HttpUpstream,
): void {
  const path = req.url ?? '';
  upstream.paths.push(path);

  if (path === '/hello') {
    res.setHeader('X-Upstream', 'yes');
    res.end('hello world');
  } else if (path === '/chunked') {
    res.write('one ');
    setTimeout(() => res.end('two'), 5);
  } else if (path === '/echo') {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () =>
      res.end(
        JSON.stringify({
          method: req.method,
          host: req.headers.host,
          te: req.headers['transfer-encoding'] ?? null,
          cl: req.headers['content-length'] ?? null,
          body: Buffer.concat(parts).toString(),
        }),
      ),
    );
  } else if (path.startsWith('/slow')) {
    setTimeout(() => res.end(path), 60);
  } else if (path === '/big') {
    res.setHeader('content-length', BIG.length);
    res.end(BIG);
  } else if (path === '/huge') {
    res.setHeader('content-length', HUGE.length);
    res.end(HUGE, () => upstream.paths.push('/huge finished'));
  } else if (path === '/stall') {
    res.setHeader('content-length', 100);
    res.write('first');
  } else {
    res.statusCode = 404;
    res.end();
  }
}

const BIG = Buffer.alloc(2 * 1024 * 1024, 'abcdefghij');

/** More than loopback socket buffers hold, so a paused reader stalls it. */
const HUGE = Buffer.alloc(48 * 1024 * 1024, 'k');

interface RawUpstream {
  readonly port: number;
  readonly sockets: Socket[];
}

/**
 * A net server calling `onRequest` for each request head it reads (request
 * bodies are skipped by their content-length).
 */
async function startRaw(
  onRequest: (socket: Socket, connection: number, request: number) => void,
): Promise<RawUpstream> {
  const sockets: Socket[] = [];
  const server = createNetServer((socket) => {
    const connection = sockets.push(socket) - 1;
    let buffered = Buffer.alloc(0);
    let requests = 0;
    socket.on('error', () => {});
    socket.on('data', (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      for (let guard = 0; guard < 100; guard += 1) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffered.toString('latin1', 0, end);
        const length = /content-length: (\d+)/i.exec(head)?.[1] ?? '0';
        const total = end + 4 + Number(length);
        if (buffered.length < total) return;
        buffered = buffered.subarray(total);
        onRequest(socket, connection, requests++);
      }
    });
  });
  await listen(server);
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );

  return { port: port(server), sockets };
}

function pool(
  upstreamPort: number,
  options: Partial<UpstreamPoolOptions> = {},
): UpstreamPool {
  const created = new UpstreamPool(`http://127.0.0.1:${upstreamPort}`, {
    connections: 4,
    keepAliveTimeoutMs: 5_000,
    connectTimeoutMs: 2_000,
    ...options,
  });
  cleanups.push(() => created.destroy());

  return created;
}

function get(path: string, headers: string[] = []): UpstreamRequest {
  return { method: 'GET', path, headers, body: null };
}

async function send(
  target: UpstreamPool,
  request: UpstreamRequest,
  recorder = new Recorder(),
): Promise<Recorder> {
  target.dispatch(request, recorder);
  await recorder.done;

  return recorder;
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

const bounded = { timeout: 10_000 };

describe('UpstreamPool: requests and responses', bounded, () => {
  it('sends a GET and relays a content-length response', async () => {
    const upstream = await startHttp();

    const got = await send(pool(upstream.port), get('/hello'));

    expect(got.timeline).toEqual(['connect', 'headers', 'data', 'complete']);
    expect(got.status).toBe(200);
    expect(got.body).toBe('hello world');
    const lower = got.headers.map((part) => part.toLowerCase());
    expect(lower).toContain('x-upstream');
    expect(lower).toContain('content-length');
  });

  it('sends a HEAD and reads no body', async () => {
    const upstream = await startHttp();

    const got = await send(pool(upstream.port), {
      ...get('/hello'),
      method: 'HEAD',
    });

    expect(got.timeline).toEqual(['connect', 'headers', 'complete']);
    expect(got.body).toBe('');
  });

  it('relays a chunked response', async () => {
    const upstream = await startHttp();

    const got = await send(pool(upstream.port), get('/chunked'));

    expect(got.body).toBe('one two');
    expect(got.headers).toContain('chunked');
  });

  it('relays a close-delimited response and does not reuse its socket', async () => {
    const raw = await startRaw((socket) =>
      socket.end('HTTP/1.1 200 OK\r\n\r\nuntil the end'),
    );
    const target = pool(raw.port);

    const first = await send(target, get('/'));
    const second = await send(target, get('/'));

    expect(first.body).toBe('until the end');
    expect(second.body).toBe('until the end');
    expect(raw.sockets).toHaveLength(2);
  });

  it('sends a POST body with content-length', async () => {
    const upstream = await startHttp();

    const got = await send(pool(upstream.port), {
      method: 'POST',
      path: '/echo',
      headers: ['content-length', '11', 'content-type', 'text/plain'],
      body: Readable.from([Buffer.from('hello '), Buffer.from('there')]),
    });

    expect(JSON.parse(got.body)).toEqual({
      method: 'POST',
      host: `127.0.0.1:${upstream.port}`,
      te: null,
      cl: '11',
      body: 'hello there',
    });
  });

  it('chunk-encodes a POST body of unknown length', async () => {
    const upstream = await startHttp();

    const got = await send(pool(upstream.port), {
      method: 'POST',
      path: '/echo',
      headers: ['host', 'example.test'],
      body: Readable.from([Buffer.from('a'), Buffer.alloc(0), 'bc']),
    });

    expect(JSON.parse(got.body)).toMatchObject({
      host: 'example.test',
      te: 'chunked',
      cl: null,
      body: 'abc',
    });
  });

  it('streams a large body both ways under backpressure', async () => {
    const upstream = await startHttp();
    const body = new PassThrough();
    const big = Buffer.alloc(3 * 1024 * 1024, 'xyz');
    let pending = big;
    const feed = (): void => {
      while (pending.length > 0) {
        const piece = pending.subarray(0, 64 * 1024);
        pending = pending.subarray(piece.length);
        if (!body.write(piece)) {
          body.once('drain', feed);

          return;
        }
      }
      body.end();
    };
    feed();

    const got = await send(pool(upstream.port), {
      method: 'POST',
      path: '/echo',
      headers: ['content-length', String(big.length)],
      body,
    });

    expect(JSON.parse(got.body).body.length).toBe(big.length);
  });

  it('pauses the response while onData returns false until resume', async () => {
    const upstream = await startHttp();
    let pausedCalls = 0;
    let dataWhilePaused = 0;
    let paused = false;
    const recorder = new Recorder({
      data: (self) => {
        if (paused) dataWhilePaused += 1;
        paused = true;
        pausedCalls += 1;
        setTimeout(() => {
          paused = false;
          self.resume!();
        }, 1);

        return false;
      },
    });

    const got = await send(pool(upstream.port), get('/big'), recorder);

    expect(got.events.at(-1)).toBe('complete');
    expect(Buffer.concat(got.chunks).equals(BIG)).toBe(true);
    expect(pausedCalls).toBeGreaterThan(1);
    expect(dataWhilePaused).toBe(0);
  });

  it('stops reading the socket while paused', async () => {
    const upstream = await startHttp();
    const recorder = new Recorder({ headers: () => false });
    const target = pool(upstream.port);
    target.dispatch(get('/huge'), recorder);

    await sleep(300);
    expect(recorder.events).toEqual(['connect', 'headers']);
    expect(upstream.paths).toEqual(['/huge']);

    recorder.resume!();
    await recorder.done;
    expect(recorder.events.at(-1)).toBe('complete');
    expect(recorder.chunks.reduce((n, c) => n + c.length, 0)).toBe(HUGE.length);
  });
});

describe('UpstreamPool: connections', bounded, () => {
  it('reuses a kept-alive connection', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port);

    for (let i = 0; i < 5; i += 1) {
      expect((await send(target, get('/hello'))).body).toBe('hello world');
    }

    expect(upstream.connections).toBe(1);
  });

  it('opens at most `connections` sockets and serves waiters in order', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port, { connections: 2 });
    const connected: number[] = [];

    const all = Array.from({ length: 6 }, (_, i) => {
      const recorder = new Recorder({ connect: () => void connected.push(i) });

      return send(target, get(`/slow/${i}`), recorder);
    });
    const got = await Promise.all(all);

    expect(got.map((r) => r.body)).toEqual(
      Array.from({ length: 6 }, (_, i) => `/slow/${i}`),
    );
    expect(connected).toEqual([0, 1, 2, 3, 4, 5]);
    expect(upstream.connections).toBe(2);
    expect(upstream.peak).toBe(2);
  });

  it('drops a connection idle longer than the keep-alive timeout', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port, { keepAliveTimeoutMs: 30 });

    await send(target, get('/hello'));
    await sleep(120);
    await send(target, get('/hello'));

    expect(upstream.connections).toBe(2);
  });

  it('keeps a connection no longer than a Keep-Alive hint allows', async () => {
    const raw = await startRaw((socket) =>
      socket.write(
        'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 0\r\n\r\n',
      ),
    );
    const target = pool(raw.port);

    await send(target, get('/'));
    await send(target, get('/'));

    expect(raw.sockets).toHaveLength(2);
  });

  it('drops an idle connection the server closes', async () => {
    const raw = await startRaw((socket) => {
      socket.write(OK);
      setTimeout(() => socket.end(), 10);
    });
    const target = pool(raw.port);

    await send(target, get('/'));
    await sleep(60);
    const got = await send(target, get('/'));

    expect(got.timeline).toEqual(['connect', 'headers', 'data', 'complete']);
    expect(raw.sockets).toHaveLength(2);
  });

  it('drops an idle connection that sends bytes nobody asked for', async () => {
    const raw = await startRaw((socket) => {
      socket.write(OK);
      setTimeout(() => socket.write('HTTP/1.1 200 OK\r\n'), 10);
    });
    const target = pool(raw.port);

    await send(target, get('/'));
    await sleep(60);
    const got = await send(target, get('/'));

    expect(got.body).toBe('ok');
    expect(raw.sockets).toHaveLength(2);
  });

  it('does not reuse a connection after bytes trailing a response', async () => {
    const raw = await startRaw((socket) => socket.write(`${OK}junk`));
    const target = pool(raw.port);

    await send(target, get('/'));
    await send(target, get('/'));

    expect(raw.sockets).toHaveLength(2);
  });

  it('fails to connect to a port nobody listens on', async () => {
    const raw = await startRaw(() => {});
    const closedPort = raw.port;
    await cleanups.pop()!();

    const got = await send(pool(closedPort), get('/'));

    expect(got.timeline).toEqual(['error']);
    expect((got.error as UpstreamError).code).toBe('UPSTREAM_CONNECT_FAILED');
  });
});

describe('UpstreamPool: a server closing a reused connection', bounded, () => {
  /** Answers the first request, then breaks the connection at the next. */
  function breakOnReuse(how: 'reset' | 'close') {
    return (socket: Socket, connection: number, request: number): void => {
      if (connection === 0 && request === 1) {
        if (how === 'reset') socket.resetAndDestroy();
        else socket.end();

        return;
      }
      socket.write(OK);
    };
  }

  it.each(['reset', 'close'] as const)(
    'sends a GET again on a new connection after a %s',
    async (how) => {
      const raw = await startRaw(breakOnReuse(how));
      const target = pool(raw.port);

      await send(target, get('/'));
      const got = await send(target, get('/'));

      expect(got.timeline).toEqual(['connect', 'headers', 'data', 'complete']);
      expect(got.body).toBe('ok');
      expect(raw.sockets).toHaveLength(2);
    },
  );

  it.each(['reset', 'close'] as const)(
    'does not send a POST again after a %s',
    async (how) => {
      const raw = await startRaw(breakOnReuse(how));
      const target = pool(raw.port);

      await send(target, get('/'));
      const got = await send(target, {
        method: 'POST',
        path: '/',
        headers: ['content-length', '3'],
        body: Readable.from([Buffer.from('abc')]),
      });

      expect(got.timeline).toEqual(['connect', 'error']);
      expect((got.error as UpstreamError).code).toBe('UPSTREAM_CLOSED');
      expect(raw.sockets).toHaveLength(1);
    },
  );

  it.each(['POST', 'PATCH'])(
    'does not send a bodiless %s again',
    async (method) => {
      const raw = await startRaw(breakOnReuse('close'));
      const target = pool(raw.port);

      await send(target, get('/'));
      const got = await send(target, {
        method,
        path: '/',
        headers: [],
        body: null,
      });

      expect(got.timeline).toEqual(['connect', 'error']);
      expect((got.error as UpstreamError).code).toBe('UPSTREAM_CLOSED');
      expect(raw.sockets).toHaveLength(1);
    },
  );

  it('sends a GET again only once', async () => {
    const raw = await startRaw((socket, connection, request) => {
      if (connection === 0 && request === 0) socket.write(OK);
      else socket.resetAndDestroy();
    });
    const target = pool(raw.port);

    await send(target, get('/'));
    const got = await send(target, get('/'));

    expect(got.timeline).toEqual(['connect', 'error']);
    expect((got.error as UpstreamError).code).toBe('UPSTREAM_CLOSED');
    expect(raw.sockets).toHaveLength(2);
  });

  it('does not send a GET again once the response has begun', async () => {
    const raw = await startRaw((socket, connection, request) => {
      if (request === 0) socket.write(OK);
      else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc');
      void connection;
    });
    const target = pool(raw.port);

    await send(target, get('/'));
    const got = await send(target, get('/'));

    expect(got.timeline).toEqual(['connect', 'headers', 'data', 'error']);
    expect((got.error as UpstreamError).code).toBe('UPSTREAM_CLOSED');
    expect(raw.sockets).toHaveLength(1);
  });
});

describe('UpstreamPool: malformed responses', bounded, () => {
  const bad: Array<[string, string, string]> = [
    ['a bad status line', 'HTTP/1.1 2OO OK\r\n\r\n', 'status line'],
    ['a bare LF', 'HTTP/1.1 200 OK\nContent-Length: 0\n\n', 'bare LF'],
    [
      'Transfer-Encoding with Content-Length',
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      'both present',
    ],
    [
      'differing Content-Length',
      'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok',
      'differ',
    ],
    [
      'chunk data without its CRLF',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX',
      'CRLF',
    ],
    ['a 101', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', '101'],
    [
      'an oversized head',
      `HTTP/1.1 200 OK\r\nX: ${'y'.repeat(2000)}\r\n\r\n`,
      'size limit',
    ],
  ];

  it.each(bad)('fails on %s and drops the socket', async (_, response, why) => {
    const raw = await startRaw((socket, connection) => {
      socket.write(connection === 0 ? response : OK);
    });
    const target = pool(raw.port, { maxHeaderBytes: 1024 });

    const got = await send(target, get('/'));
    const after = await send(target, get('/'));

    expect(got.error).toBeInstanceOf(UpstreamError);
    expect((got.error as UpstreamError).code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(got.error!.message).toContain(why);
    expect(got.events.at(-1)).toBe('error');
    expect(got.events.filter((e) => e === 'error')).toHaveLength(1);
    expect(after.body).toBe('ok');
    expect(raw.sockets).toHaveLength(2);
  });

  it('names no header value in its messages', async () => {
    const raw = await startRaw((socket) =>
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: secret-7\r\n\r\n'),
    );

    const got = await send(pool(raw.port), get('/'));

    expect(got.error!.message).not.toContain('secret');
  });
});

describe('UpstreamPool: aborts', bounded, () => {
  const reason = new Error('the exchange gave up');

  it('aborts inside onConnect: nothing is sent, the connection serves on', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port, { connections: 1 });
    const recorder = new Recorder({ connect: (self) => self.abort!(reason) });

    const got = await send(target, get('/hello'), recorder);
    await sleep(30);

    expect(got.timeline).toEqual(['connect', 'error']);
    expect(got.error).toBe(reason);
    expect(upstream.paths).toEqual([]);
    expect(upstream.closedSockets).toHaveLength(0);

    // Waiters that gave up while queued (a timed-out exchange aborts as it
    // gets its connection) leave it to the next one.
    const busy = send(target, get('/slow/1'));
    const quitters = [1, 2, 3].map(() =>
      send(
        target,
        get('/hello'),
        new Recorder({ connect: (self) => self.abort!(reason) }),
      ),
    );
    const last = send(target, get('/hello'));
    expect((await busy).body).toBe('/slow/1');
    for (const quitter of await Promise.all(quitters)) {
      expect(quitter.timeline).toEqual(['connect', 'error']);
    }
    expect((await last).body).toBe('hello world');
    expect(upstream.paths).toEqual(['/slow/1', '/hello']);
    expect(upstream.connections).toBe(1);
  });

  it('takes a request out of the queue when aborted while it waits', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port, { connections: 1 });

    const busy = send(target, get('/slow/1'));
    const waiting = new Recorder();
    const abort = target.dispatch(get('/hello'), waiting);
    abort(reason);
    await waiting.done;

    expect(waiting.timeline).toEqual(['error']);
    expect(waiting.error).toBe(reason);
    expect((await busy).body).toBe('/slow/1');
    await sleep(30);
    // No connection was opened for it, and nothing sent.
    expect(upstream.connections).toBe(1);
    expect(upstream.paths).toEqual(['/slow/1']);
  });

  it('aborts mid-headers: the socket is destroyed', async () => {
    let sent: () => void = () => {};
    const headSent = new Promise<void>((resolve) => (sent = resolve));
    let serverSocket: Socket | null = null;
    const raw = await startRaw((socket) => {
      serverSocket = socket;
      socket.write('HTTP/1.1 200 OK\r\nX-Partial: yes\r\n', () => sent());
    });
    const recorder = new Recorder();
    pool(raw.port).dispatch(get('/'), recorder);

    await headSent;
    await sleep(20);
    recorder.abort!(reason);
    await recorder.done;
    const closed = new Promise((resolve) =>
      serverSocket!.once('close', resolve),
    );
    serverSocket!.write('Content-Length: 0\r\n\r\n');
    await closed;
    await sleep(20);

    expect(recorder.timeline).toEqual(['connect', 'error']);
    expect(recorder.error).toBe(reason);
  });

  it('aborts mid-body: the socket is destroyed, nothing follows', async () => {
    const upstream = await startHttp();
    const recorder = new Recorder({
      data: (self) => {
        self.abort!(reason);
        self.abort!(new Error('twice'));

        return true;
      },
    });

    const got = await send(pool(upstream.port), get('/stall'), recorder);
    await sleep(30);

    expect(got.timeline).toEqual(['connect', 'headers', 'data', 'error']);
    expect(got.error).toBe(reason);
    expect(upstream.closedSockets).toHaveLength(1);
  });

  it('ignores an abort after completion', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port);

    const got = await send(target, get('/hello'));
    got.abort!(reason);
    await send(target, get('/hello'));

    expect(got.timeline).toEqual(['connect', 'headers', 'data', 'complete']);
    expect(upstream.connections).toBe(1);
  });
});

describe('UpstreamPool: request bodies', bounded, () => {
  it('fails a body that ends short of its content-length', async () => {
    const upstream = await startHttp();

    const got = await send(pool(upstream.port), {
      method: 'POST',
      path: '/echo',
      headers: ['content-length', '10'],
      body: Readable.from([Buffer.from('abc')]),
    });
    await sleep(30);

    expect(got.timeline).toEqual(['connect', 'error']);
    expect((got.error as UpstreamError).code).toBe('UPSTREAM_BAD_REQUEST');
    expect(upstream.closedSockets).toHaveLength(1);
  });

  it('fails a body that runs over its content-length', async () => {
    const raw = await startRaw(() => {});

    const got = await send(pool(raw.port), {
      method: 'POST',
      path: '/',
      headers: ['content-length', '2'],
      body: Readable.from([Buffer.from('abc')]),
    });

    expect((got.error as UpstreamError).code).toBe('UPSTREAM_BAD_REQUEST');
  });

  it.each([
    ['a method that is not a token', { method: 'GE T' }],
    ['a path with a space', { path: '/a b' }],
    ['a path with a non-ASCII character', { path: '/caf\xe9' }],
    ['a header value with CR LF', { headers: ['x-a', 'b\r\nx-c: d'] }],
    ['a header value with NUL', { headers: ['x-a', 'b\0'] }],
    ['a header name with a colon', { headers: ['x:a', 'b'] }],
    ['a transfer-encoding header', { headers: ['transfer-encoding', 'x'] }],
    ['a content-length without body', { headers: ['content-length', '3'] }],
  ])('refuses %s without writing anything', async (_, change) => {
    const upstream = await startHttp();
    const recorder = new Recorder();

    pool(upstream.port).dispatch({ ...get('/'), ...change }, recorder);
    await sleep(20);

    expect(recorder.timeline).toEqual(['error']);
    expect((recorder.error as UpstreamError).code).toBe('UPSTREAM_BAD_REQUEST');
    expect(upstream.connections).toBe(0);
  });
});

describe('UpstreamPool: closing', bounded, () => {
  it('lets requests in flight and queued finish, then closes', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port, { connections: 1 });
    const inFlight = send(target, get('/slow/1'));
    const queued = send(target, get('/slow/2'));
    await sleep(10);

    const closed = target.close();
    const refused = await send(target, get('/hello'));

    expect((refused.error as UpstreamError).code).toBe('UPSTREAM_POOL_CLOSED');
    expect((await inFlight).body).toBe('/slow/1');
    expect((await queued).body).toBe('/slow/2');
    await closed;
    await sleep(20);
    expect(upstream.closedSockets).toHaveLength(1);
  });

  it('closes idle sockets at once', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port);
    await send(target, get('/hello'));

    await target.close();
    await sleep(20);

    expect(upstream.closedSockets).toHaveLength(1);
  });

  it('fails what is in flight when destroyed', async () => {
    const upstream = await startHttp();
    const target = pool(upstream.port, { connections: 1 });
    const inFlight = send(target, get('/slow/1'));
    const queued = send(target, get('/slow/2'));
    await sleep(10);

    target.destroy();

    expect((await inFlight).timeline).toEqual(['connect', 'error']);
    expect((await queued).timeline).toEqual(['error']);
    expect(((await queued).error as UpstreamError).code).toBe(
      'UPSTREAM_POOL_CLOSED',
    );
  });
});
