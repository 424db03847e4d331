import {
  createServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  gatewayReportSchema,
  snapshotEtag,
  type GatewayReport,
  type SnapshotEnvelope,
} from '@cellplane/contract';

/**
 * A small HTTP server that speaks the control-api's `/v1` contract of
 * interfaces.md (latest with ETag, the SSE stream, reports, bundles,
 * decision batches), serving
 * snapshots the test signs. It stands in for the control-api's HTTP
 * surface only; the e2e test runs the real control-api.
 */
export interface ConfigServer {
  readonly url: string;
  readonly token: string;
  readonly reports: GatewayReport[];
  /** Makes `envelope` the latest and streams it to every open stream. */
  publish(
    envelope: SnapshotEnvelope,
    options?: { withEventId?: boolean },
  ): void;
  waitForReport(
    match: (report: GatewayReport) => boolean,
    timeoutMs?: number,
  ): Promise<GatewayReport>;
  /** Open event streams right now. */
  streams(): number;
  /** Bundles served at `GET /v1/bundles/<digest>`, by digest. */
  readonly bundles: Map<string, Uint8Array>;
  /** Every `POST /v1/decisions` body, with the status it was answered. */
  readonly decisionBatches: { status: number; body: unknown }[];
  /** The status the next decision batches get (200: stored). */
  setDecisionStatus(status: number): void;
  close(): Promise<void>;
}

export async function startConfigServer(
  token = 'test-token',
): Promise<ConfigServer> {
  const reports: GatewayReport[] = [];
  const waiters = new Set<() => void>();
  const streams = new Set<ServerResponse>();
  let latest: SnapshotEnvelope | null = null;
  const bundles = new Map<string, Uint8Array>();
  const decisionBatches: { status: number; body: unknown }[] = [];
  let decisionStatus = 200;

  const server = createServer((req, res) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      return json(res, 401, { code: 'UNAUTHORIZED' });
    }

    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (req.method === 'GET' && path === '/v1/snapshots/latest') {
      return sendLatest(req, res, latest);
    }
    if (req.method === 'GET' && path === '/v1/snapshots/stream') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-cache',
      });
      res.write(': connected\n\n');
      const lastId = Number(req.headers['last-event-id'] ?? 0);
      if (latest !== null && latest.body.version > lastId) {
        res.write(event(latest, true));
      }
      streams.add(res);
      res.once('close', () => streams.delete(res));

      return;
    }
    if (req.method === 'POST' && path === '/v1/reports') {
      void readJson(req).then((body) => {
        const parsed = gatewayReportSchema.safeParse(body);
        if (!parsed.success) return json(res, 400, { code: 'BAD_REQUEST' });
        reports.push(parsed.data);
        for (const wake of waiters) wake();
        res.writeHead(204).end();
      });

      return;
    }

    if (req.method === 'GET' && path.startsWith('/v1/bundles/')) {
      const bytes = bundles.get(path.slice('/v1/bundles/'.length));
      if (bytes === undefined)
        return json(res, 404, { code: 'BUNDLE_NOT_FOUND' });
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.end(bytes);

      return;
    }
    if (req.method === 'POST' && path === '/v1/decisions') {
      void readJson(req).then((body) => {
        const status = decisionStatus;
        decisionBatches.push({ status, body });
        json(res, status, status === 200 ? { stored: 0, duplicates: 0 } : {});
      });

      return;
    }

    json(res, 404, { code: 'NOT_FOUND' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    reports,
    publish(envelope, options = {}) {
      latest = envelope;
      for (const stream of streams)
        stream.write(event(envelope, options.withEventId ?? true));
    },
    waitForReport(match, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = reports.find(match);
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `no matching report in ${timeoutMs} ms: ${JSON.stringify(reports)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    streams: () => streams.size,
    bundles,
    decisionBatches,
    setDecisionStatus: (status) => {
      decisionStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const stream of streams) stream.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function event(envelope: SnapshotEnvelope, withId: boolean): string {
  const id = withId ? `id: ${envelope.body.version}\n` : '';

  return `event: snapshot\n${id}data: ${JSON.stringify(envelope)}\n\n`;
}

function sendLatest(
  req: IncomingMessage,
  res: ServerResponse,
  latest: SnapshotEnvelope | null,
): void {
  if (latest === null) return json(res, 404, { code: 'SNAPSHOT_NONE' });

  const etag = snapshotEtag(latest);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag }).end();

    return;
  }

  res.writeHead(200, {
    'content-type': 'application/json',
    etag,
    'x-config-version': String(latest.body.version),
  });
  res.end(JSON.stringify(latest));
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);

  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
