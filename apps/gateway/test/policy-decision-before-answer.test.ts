import { readdirSync, readFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import {
  preparePolicyCompiler,
  PUBLIC_ONLY_POLICY,
} from './support/policy-bundles';
import { startPolicyEdge, type PolicyEdge } from './support/policy-edge';

/**
 * Decisions are written in one batch per tick, yet each one is on the
 * page cache before the first byte of its request's answer leaves, so a
 * worker killed right after answering has lost nothing it answered
 * (docs/POLICY.md, "The decision log"). Checked at the moment the
 * gateway writes a response head: the log's files then hold every line
 * up to the request's decision, whichever way the request is answered.
 */
let edge: PolicyEdge;

/** What happened, in order, for the gateway's own responses. */
let events: string[] = [];

beforeAll(async () => {
  await preparePolicyCompiler();
  edge = await startPolicyEdge({ files: PUBLIC_ONLY_POLICY });

  const log = edge.gateway.gateway.decisionLog;
  const ensureWritten = log.ensureWritten.bind(log);
  vi.spyOn(log, 'ensureWritten').mockImplementation((seq: number) => {
    ensureWritten(seq);
    events.push(linesOnDisk() >= seq ? 'decision on disk' : 'decision late');
  });

  const writeHead = ServerResponse.prototype.writeHead;
  vi.spyOn(ServerResponse.prototype, 'writeHead').mockImplementation(function (
    this: ServerResponse,
    ...args: never[]
  ) {
    // The upstream test server runs in this process too.
    if (this.req.socket.localPort === edge.port) events.push('head');

    return writeHead.apply(this, args);
  } as typeof writeHead);
}, 300_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await edge?.close();
});

function linesOnDisk(): number {
  const dir = join(edge.stateDir, 'decisions');
  let lines = 0;
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.ndjson')) continue;
    for (const byte of readFileSync(join(dir, name))) {
      if (byte === 0x0a) lines += 1;
    }
  }

  return lines;
}

async function statusOf(path: string): Promise<number> {
  events = [];
  const res = await fetch(`${edge.url}${path}`, {
    headers: { 'x-tenant-id': 't-a' },
  });
  await res.arrayBuffer();

  return res.status;
}

describe('a decision and its answer', () => {
  it('is written before a denied request is answered', async () => {
    expect(await statusOf('/private/a')).toBe(403);
    expect(events).toEqual(['decision on disk', 'head']);
  });

  it('is written before a proxied answer starts', async () => {
    expect(await statusOf('/public/a')).toBe(200);
    expect(events).toEqual(['decision on disk', 'head']);
  });

  it('is written before the gateway answers for a failed upstream', async () => {
    await edge.upstream.close();

    expect(await statusOf('/public/b')).toBeGreaterThanOrEqual(502);
    expect(events).toEqual(['decision on disk', 'head']);
  });
});
