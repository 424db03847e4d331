import { createServer, type Server } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';

export interface LocalServer {
  readonly url: string;
  /** x-tenant-id of every request, in arrival order. */
  readonly tenants: string[];
  close(): Promise<void>;
}

/**
 * A loopback server on an ephemeral port for the bench's own tests. With
 * `serialMs`, it answers one request at a time, each after that many ms,
 * like a saturated upstream.
 */
export async function startLocalServer(serialMs = 0): Promise<LocalServer> {
  const tenants: string[] = [];
  let busyUntil = 0;

  const server: Server = createServer((req, res) => {
    tenants.push(String(req.headers['x-tenant-id']));
    const now = performance.now();
    busyUntil = Math.max(busyUntil, now) + serialMs;
    setTimeout(() => res.end('{"ok":true}'), busyUntil - now);
  });
  const port = await listenOnLoopback(server);

  return {
    url: `http://127.0.0.1:${port}`,
    tenants,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Listens on an ephemeral loopback port; resolves with the port. */
export async function listenOnLoopback(server: NetServer): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return (server.address() as AddressInfo).port;
}
