import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterEach, describe, expect, it } from 'vitest';

import { UpstreamPool } from './upstream-pool';
import { upstreamStatus, UpstreamStatusTimeout } from './upstream-status';

const servers: Server[] = [];
const pools: UpstreamPool[] = [];

afterEach(async () => {
  for (const pool of pools.splice(0)) pool.destroy();
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A server answering `/ok` with 204, `/gone` with 503, `/hang` never. */
async function start(): Promise<UpstreamPool> {
  const server = createServer((req, res) => {
    if (req.url === '/ok') res.writeHead(204).end();
    else if (req.url === '/gone') res.writeHead(503).end('down');
  });
  servers.push(server);
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );
  const { port } = server.address() as AddressInfo;
  const pool = new UpstreamPool(`http://127.0.0.1:${port}`, {
    connections: 1,
    keepAliveTimeoutMs: 5_000,
    connectTimeoutMs: 2_000,
  });
  pools.push(pool);

  return pool;
}

describe('upstreamStatus', { timeout: 10_000 }, () => {
  it('resolves with the status once the body is read', async () => {
    const pool = await start();

    expect(await upstreamStatus(pool, '/ok', [], 1_000)).toBe(204);
    expect(await upstreamStatus(pool, '/gone', [], 1_000)).toBe(503);
  });

  it('gives up after its time, in flight or still waiting for a connection', async () => {
    const pool = await start();

    const hung = upstreamStatus(pool, '/hang', [], 100);
    // The pool's one connection is taken: this one waits, then gives up.
    const waiting = upstreamStatus(pool, '/ok', [], 100);

    await expect(hung).rejects.toBeInstanceOf(UpstreamStatusTimeout);
    await expect(waiting).rejects.toBeInstanceOf(UpstreamStatusTimeout);
    // The aborted request freed the connection for the next one.
    expect(await upstreamStatus(pool, '/ok', [], 1_000)).toBe(204);
  });
});
