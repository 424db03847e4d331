import {
  createServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';

import type { Identity, Route } from '@cellplane/contract';
import { Pool, type Dispatcher } from 'undici';

import { correlationOf } from '../../../src/hygiene/correlation';
import {
  EDGE_REFUSAL_CODES,
  type EdgeRefusal,
} from '../../../src/hygiene/edge-refusal';
import {
  checkFraming,
  hardenServer,
  HARDENED_SERVER_OPTIONS,
} from '../../../src/hygiene/framing';
import { RouteMatcher } from '../../../src/hygiene/match-route';
import { normalizeRequest } from '../../../src/hygiene/normalize-request';
import {
  downstreamResponseHeaders,
  upstreamRequestHeaders,
} from '../../../src/hygiene/owned-headers';
import { resolveIdentity } from '../../../src/identity/resolve-identity';
import { TokenVerifier } from '../../../src/identity/token-verifier';

/**
 * The request path of the gateway as the hygiene and identity modules are
 * meant to be wired, on a real node:http listener in front of a real
 * upstream server: framing, one normalization, route, identity, a policy
 * decision, owned headers, then the upstream request built from the
 * normalized path only. The cases assert on what the upstream received
 * against what the policy evaluated.
 *
 * `policy` stands for the policy engine (a pure function of the decision
 * input); everything else is the real module.
 */
export interface PolicyInput {
  readonly method: string;
  readonly path: string;
  readonly tenantId: string;
  readonly roles: readonly string[] | null;
}

export interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface Edge {
  readonly port: number;
  /** Every decision input the policy saw, with its answer. */
  readonly evaluated: (PolicyInput & { allowed: boolean })[];
  /** Every request the upstream received. */
  readonly received: Received[];
  close(): Promise<void>;
}

export interface EdgeOptions {
  readonly routes?: Route[];
  readonly identity?: Identity;
  readonly policy: (input: PolicyInput) => boolean;
}

export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const received: Received[] = [];
  const evaluated: Edge['evaluated'] = [];

  const upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('latin1'),
      });
      res.writeHead(200, {
        'content-type': 'application/json',
        connection: 'keep-alive, x-upstream-secret',
        'x-upstream-secret': 'hidden',
        'x-cell': 'spoofed-by-upstream',
      });
      res.end('{"ok":true}');
    });
  });
  const upstreamPort = await listen(upstream);
  const pool = new Pool(`http://127.0.0.1:${upstreamPort}`, { connections: 4 });

  const routes = RouteMatcher.fromRoutes(options.routes);
  const verifier = TokenVerifier.fromIdentity(options.identity);

  const edge = createServer(HARDENED_SERVER_OPTIONS, (req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  hardenServer(edge);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const correlation = correlationOf(req.headers, false);
    const own = { 'x-request-id': correlation.requestId };

    const framing = checkFraming(req);
    if (framing !== null) return answer(res, framing, own);

    const normalized = normalizeRequest(req.method, req.url, req.headers.host);
    if (!normalized.ok) return answer(res, normalized, own);

    const route = routes.match(normalized);
    if (!route.ok) return answer(res, route, own);

    const identity = resolveIdentity(route.auth, req.headers, verifier);
    if (!identity.ok) return answer(res, identity, own);

    const input: PolicyInput = {
      method: normalized.method,
      path: normalized.path,
      tenantId: identity.tenantId,
      roles: identity.user?.roles ?? null,
    };
    const allowed = options.policy(input);
    evaluated.push({ ...input, allowed });
    if (!allowed) {
      res.writeHead(403, { ...own, 'content-type': 'application/json' });
      res.end('{"error":{"code":"GW_POLICY_DENIED"}}');

      return;
    }

    const peer = req.socket.remoteAddress ?? 'unknown';
    const response = await pool.request({
      method: normalized.method as Dispatcher.HttpMethod,
      path:
        normalized.rawQuery === ''
          ? normalized.path
          : `${normalized.path}?${normalized.rawQuery}`,
      headers: upstreamRequestHeaders(req.rawHeaders, {
        requestId: correlation.requestId,
        traceparent: correlation.traceparent,
        tracestate: correlation.tracestate,
        tenantId: identity.tenantId,
        user: identity.user,
        cellId: 'cell-1',
        configVersion: 1,
        peerAddress: peer,
        peerTrusted: false,
        clientAddress: peer,
        host: normalized.host,
        proto: 'http',
      }),
      body:
        req.headers['content-length'] !== undefined ||
        req.headers['transfer-encoding'] !== undefined
          ? req
          : null,
    });
    res.writeHead(
      response.statusCode,
      downstreamResponseHeaders(response.headers, {
        ...own,
        'x-cell': 'cell-1',
      }),
    );
    for await (const chunk of response.body) res.write(chunk);
    res.end();
  }

  const port = await listen(edge);

  return {
    port,
    evaluated,
    received,
    async close() {
      edge.closeAllConnections();
      upstream.closeAllConnections();
      await pool.close();
      await Promise.all([close(edge), close(upstream)]);
    },
  };
}

function answer(
  res: ServerResponse,
  refusal: EdgeRefusal,
  own: Record<string, string>,
): void {
  const body = JSON.stringify({
    error: {
      code: refusal.code,
      message: EDGE_REFUSAL_CODES[refusal.code].message,
    },
  });
  res.writeHead(refusal.status, {
    ...own,
    ...refusal.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

export interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A request whose target and headers are sent exactly as given. */
export function send(
  port: number,
  method: string,
  path: string,
  headers: OutgoingHttpHeaders = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Raw bytes on one connection; resolves with all the server sent back. */
export function sendRaw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let reply = '';
    const timer = setTimeout(() => socket.destroy(), 3000);
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(reply);
    });
    socket.on('error', reject);
    socket.write(bytes, 'latin1');
  });
}

/** Status codes of every response in a raw reply, in order. */
export function statusesOf(reply: string): number[] {
  return [...reply.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
}

function listen(server: ReturnType<typeof createServer>): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

function close(server: ReturnType<typeof createServer>): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
