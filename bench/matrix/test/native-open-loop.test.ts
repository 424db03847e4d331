import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import {
  buildOpenLoopClient,
  runOpenLoop as runClient,
  type OpenLoopOptions,
} from '../measure/native-open-loop';
import {
  listenOnLoopback,
  startLocalServer,
  type LocalServer,
} from './local-server';

describe('the open-loop client, on loopback', () => {
  let server: LocalServer | undefined;
  let dir: string;
  let binary: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'open-loop-test-'));
    binary = buildOpenLoopClient(dir);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  afterEach(async () => {
    await server?.close();
  });

  const base = {
    path: '/catalog',
    connections: 64,
    timeoutMs: 5_000,
    cpu: 0,
    headersFor: (index: number) => ({ 'x-tenant-id': `t-${(index % 2) + 1}` }),
  };
  const runOpenLoop = (options: Omit<OpenLoopOptions, keyof typeof base>) =>
    runClient(binary, dir, { ...base, ...options });

  it('sends exactly rate x duration requests after the warm-up', async () => {
    server = await startLocalServer();

    const result = await runOpenLoop({
      url: server.url,
      rateRps: 200,
      durationS: 0.5,
      warmupS: 0.25,
    });

    expect(server.tenants).toHaveLength(150);
    expect(new Set(server.tenants)).toEqual(new Set(['t-1', 't-2']));
    expect(result.scheduled).toBe(100);
    expect(result.completed).toBe(100);
    expect(result.errors + result.non2xx).toBe(0);
  });

  it('reads chunked answers and counts non-2xx statuses', async () => {
    const chunked = createServer((req, res) => {
      res.statusCode = req.headers['x-tenant-id'] === 't-1' ? 200 : 503;
      res.write('{"part":');
      res.end('1}');
    });
    const port = await listenOnLoopback(chunked);

    try {
      const result = await runOpenLoop({
        url: `http://127.0.0.1:${port}`,
        rateRps: 100,
        durationS: 0.4,
        warmupS: 0,
      });

      expect(result.completed).toBe(40);
      expect(result.non2xx).toBe(20);
      expect(result.errors).toBe(0);
    } finally {
      chunked.closeAllConnections();
      chunked.close();
    }
  });

  it('counts malformed answers as errors and stays within its bound', async () => {
    // A negative chunk size, then two answers to one request.
    const answers = [
      'HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n-6\r\n',
      'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n',
    ];
    let answered = 0;
    const raw = createNetServer((socket) => {
      socket.on('data', () => socket.write(answers[answered++ % 2]!));
    });
    const port = await listenOnLoopback(raw);

    try {
      const started = performance.now();

      // Nothing answered well: the run is refused, not reported as fast.
      await expect(
        runOpenLoop({
          url: `http://127.0.0.1:${port}`,
          rateRps: 20,
          durationS: 0.5,
          warmupS: 0,
        }),
      ).rejects.toThrow(/completed no request/);
      expect(performance.now() - started).toBeLessThan(15_000);
    } finally {
      raw.close();
    }
  });

  it('shows queueing at a server slower than the rate (no coordinated omission)', async () => {
    // One request at a time, 10 ms each: 100 req/s of capacity, sent 200.
    server = await startLocalServer(10);

    const result = await runOpenLoop({
      url: server.url,
      rateRps: 200,
      durationS: 0.5,
      warmupS: 0,
    });

    // The 100th request waits for the 99 before it: about 1 s, where a
    // closed loop would report 10 ms for every request.
    expect(result.completed).toBe(100);
    expect(result.p50Ms).toBeGreaterThan(100);
    expect(result.maxMs).toBeGreaterThan(400);
  });

  it('refuses a target that is not on loopback', async () => {
    await expect(
      runOpenLoop({
        url: 'http://10.0.0.1:80',
        rateRps: 1,
        durationS: 1,
        warmupS: 0,
      }),
    ).rejects.toThrow(/loopback/);
  });
});
