import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { GatewayReport } from '@cellplane/contract';
import { Agent } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { postReport } from './post-report';

const report: GatewayReport = {
  gatewayId: 'gw-1',
  kind: 'ack',
  version: 3,
  appliedVersion: 3,
  at: '2026-12-04T17:00:00.000Z',
};

interface Seen {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let server: Server | undefined;
const agent = new Agent();

async function listen(
  answer: (seen: Seen) => { status: number; body?: string } | 'hang',
): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const entry = { headers: req.headers, body };
      seen.push(entry);
      const outcome = answer(entry);
      if (outcome !== 'hang') res.writeHead(outcome.status).end(outcome.body);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return { url: `http://127.0.0.1:${port}`, seen };
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  server = undefined;
});

afterAll(async () => {
  await agent.close();
});

describe('postReport', () => {
  it('posts the report as JSON with the token and consumer id', async () => {
    const { url, seen } = await listen(() => ({ status: 204 }));

    const result = await postReport(`${url}/`, 'secret', report, {
      dispatcher: agent,
    });

    expect(result).toEqual({ ok: true });
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(report);
    expect(seen[0]?.headers).toMatchObject({
      authorization: 'Bearer secret',
      'content-type': 'application/json',
      'x-cellplane-consumer': 'gw-1',
    });
  });

  it('returns the status and body of a refusal', async () => {
    const { url } = await listen(() => ({
      status: 400,
      body: '{"code":"REPORT_SCHEMA"}',
    }));

    const result = await postReport(url, 'secret', report);

    expect(result).toEqual({
      ok: false,
      status: 400,
      reason: 'POST /v1/reports answered 400: {"code":"REPORT_SCHEMA"}',
    });
  });

  it('gives up after its timeout instead of hanging', async () => {
    const { url } = await listen(() => 'hang');

    const startedAt = Date.now();
    const result = await postReport(url, 'secret', report, { timeoutMs: 150 });

    expect(Date.now() - startedAt).toBeLessThan(1_000);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/TIMEOUT/);
  });

  it('resolves, never throws, when nothing listens', async () => {
    const { url } = await listen(() => ({ status: 204 }));
    server?.close();

    const result = await postReport(url, 'secret', report);

    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^SNAPSHOT_CLIENT_NETWORK/);
  });
});
