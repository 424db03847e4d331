import { writeFile } from 'node:fs/promises';
import {
  createServer,
  request,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';

import {
  signSnapshot,
  type Identity,
  type Limits,
  type Route,
  type SnapshotBody,
} from '@cellplane/contract';

import {
  startGateway,
  type InProcessGateway,
} from '../../support/test-gateway';
import { createTestWorkspace } from '../../support/test-key';

/**
 * The real gateway (in this process, on a real listener, from a signed
 * snapshot file) in front of a real upstream server that records what it
 * receives. The snapshot has one cell `cell-1` with one instance (the
 * upstream), tenants `t-a` and `t-b`, and the case's routes, identity and
 * limits. The cases assert on what the upstream received against what the
 * policy evaluated.
 *
 * `policy` is the gateway's policy decision (a pure function of the
 * decision input the gateway builds from the normalized request and the
 * verified identity); everything else is the gateway itself.
 */
export interface PolicyInput {
  readonly method: string;
  readonly path: string;
  readonly tenantId: string;
  /** The verified token's roles; null without a token. */
  readonly roles: readonly string[] | null;
}

export interface Received {
  /** Index of the instance (upstream server) that received it. */
  readonly instance: number;
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export interface Edge {
  readonly port: number;
  readonly gateway: InProcessGateway;
  /** Every decision input the policy saw, with its answer. */
  readonly evaluated: (PolicyInput & { allowed: boolean })[];
  /** Every request the upstream received. */
  readonly received: Received[];
  close(): Promise<void>;
}

export interface EdgeOptions {
  readonly routes?: Route[];
  readonly identity?: Identity;
  readonly limits?: Limits;
  readonly policy: (input: PolicyInput) => boolean;
  /** Extra gateway environment (limits, health checks...). */
  readonly env?: Record<string, string>;
  /** Instances of `cell-1`, one upstream server each (default 1). */
  readonly instances?: number;
  /**
   * Answers a request in place of the default 200 (after it is recorded);
   * return false to fall back to the default.
   */
  readonly respond?: (
    instance: number,
    req: IncomingMessage,
    res: ServerResponse,
  ) => boolean;
}

export async function startEdge(options: EdgeOptions): Promise<Edge> {
  const received: Received[] = [];
  const evaluated: Edge['evaluated'] = [];

  const upstreams: Server[] = [];
  const ports: number[] = [];
  for (let index = 0; index < (options.instances ?? 1); index += 1) {
    const upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          instance: index,
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('latin1'),
        });
        if (options.respond?.(index, req, res)) return;
        res.writeHead(200, {
          'content-type': 'application/json',
          connection: 'keep-alive, x-upstream-secret',
          'x-upstream-secret': 'hidden',
          'x-cell': 'spoofed-by-upstream',
        });
        res.end('{"ok":true}');
      });
    });
    upstreams.push(upstream);
    ports.push(await listen(upstream));
  }

  const workspace = await createTestWorkspace();
  const body: SnapshotBody = {
    schemaVersion: 1,
    version: 1,
    builtAt: '2026-12-04T12:00:00.000Z',
    regions: [{ id: 'us-east', name: 'US East' }],
    cells: [
      {
        id: 'cell-1',
        regionId: 'us-east',
        capacityRps: 10_000,
        weight: 1,
        state: 'active',
        instances: ports.map((port, index) => ({
          id: `cell-1-i${index + 1}`,
          url: `http://127.0.0.1:${port}`,
          weight: 1,
        })),
      },
    ],
    tenants: [
      { id: 't-a', tier: 'enterprise' },
      { id: 't-b', tier: 'standard' },
    ],
    overrides: [],
    ring: { virtualNodes: 150, referenceCapacityRps: 10_000 },
    ...(options.routes === undefined ? {} : { routes: options.routes }),
    ...(options.identity === undefined ? {} : { identity: options.identity }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  };
  const file = join(workspace.dir, 'snapshot.json');
  await writeFile(file, JSON.stringify(signSnapshot(body, workspace.key)));

  const gateway = await startGateway(
    {
      SNAPSHOT_PUBLIC_KEY_FILE: workspace.publicKeyFile,
      GATEWAY_STATE_DIR: join(workspace.dir, 'state'),
      // The upstream records every request: no health probes among them
      // unless a case turns them on.
      GATEWAY_HEALTH_CHECKS: 'off',
      // The cases send bursts from one address; K09 sets its own limits.
      GATEWAY_CLIENT_BURST: '1000000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    ['--snapshot', file],
    {
      policy: (input) => {
        const decided: PolicyInput = {
          method: input.method,
          path: input.path,
          tenantId: input.tenant,
          roles: input.user?.roles ?? null,
        };
        const allowed = options.policy(decided);
        evaluated.push({ ...decided, allowed });

        return allowed;
      },
    },
  );

  return {
    port: gateway.gateway.port,
    gateway,
    evaluated,
    received,
    async close() {
      await gateway.close();
      for (const upstream of upstreams) upstream.closeAllConnections();
      await Promise.all(upstreams.map(close));
      await workspace.remove();
    },
  };
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
