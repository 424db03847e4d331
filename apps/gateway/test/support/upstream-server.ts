import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** What an upstream saw of one request, echoed back as the response body. */
export interface UpstreamEcho {
  instanceId: string;
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  bodyBytes: number;
}

export interface Upstream {
  readonly instanceId: string;
  readonly url: string;
  /** Requests received so far. */
  readonly received: UpstreamEcho[];
  close(): Promise<void>;
}

/**
 * A real HTTP server standing for one cell instance. `GET /slow?ms=N`
 * answers after N ms; `POST /echo` streams the request body back; every
 * other request is answered with an `UpstreamEcho` JSON body.
 */
export async function startUpstream(instanceId: string): Promise<Upstream> {
  const received: UpstreamEcho[] = [];

  const server = createServer((req, res) => {
    void answer(instanceId, received, req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    instanceId,
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function answer(
  instanceId: string,
  received: UpstreamEcho[],
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://upstream');

  if (url.pathname === '/echo') {
    res.writeHead(200, {
      'content-type': 'application/octet-stream',
      'x-instance': instanceId,
    });
    req.pipe(res);

    return;
  }

  let bodyBytes = 0;
  for await (const chunk of req) bodyBytes += (chunk as Buffer).length;

  const echo: UpstreamEcho = {
    instanceId,
    method: req.method ?? '',
    url: req.url ?? '',
    headers: req.headers,
    bodyBytes,
  };
  received.push(echo);

  const delay = Number(url.searchParams.get('ms') ?? 0);
  if (url.pathname === '/slow' && delay > 0) {
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  res.writeHead(200, {
    'content-type': 'application/json',
    'x-instance': instanceId,
    // Hop-by-hop headers an upstream may send; the gateway must drop them.
    'keep-alive': 'timeout=5',
    'x-hop': 'secret',
    connection: 'x-hop, keep-alive',
    // A gateway-owned header an upstream may not set for the client.
    'x-config-version': '999',
  });
  res.end(JSON.stringify(echo));
}
