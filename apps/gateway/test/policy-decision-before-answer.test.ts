import { readdirSync, readFileSync } from 'node:fs';
import { ServerResponse } from 'node:http';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { UpstreamPool } from '../src/proxy/upstream-pool';
import {
  preparePolicyCompiler,
  PUBLIC_ONLY_POLICY,
} from './support/policy-bundles';
import { startPolicyEdge, type PolicyEdge } from './support/policy-edge';

/**
 * Decisions are written in one batch per tick, yet each one is on the
 * page cache before its request goes upstream or is answered, so a worker
 * killed at any moment has lost no decision that had an effect
 * (docs/POLICY.md, "The decision log"). Checked at the moments the
 * gateway hands a request to an upstream pool and writes a response head:
 * the log's files then hold a line for every request sent so far (one
 * decision each, one request at a time).
 */
let edge: PolicyEdge;

let sent = 0;

/** What happened, in order, and whether the decision was on disk then. */
let events: string[] = [];

beforeAll(async () => {
  await preparePolicyCompiler();
  edge = await startPolicyEdge({ files: PUBLIC_ONLY_POLICY });

  const mark = (what: string) =>
    events.push(`${what}: ${linesOnDisk() >= sent ? 'on disk' : 'late'}`);

  const dispatch = UpstreamPool.prototype.dispatch;
  vi.spyOn(UpstreamPool.prototype, 'dispatch').mockImplementation(function (
    this: UpstreamPool,
    ...args: Parameters<typeof dispatch>
  ) {
    mark('upstream');

    return dispatch.apply(this, args);
  });

  const writeHead = ServerResponse.prototype.writeHead;
  vi.spyOn(ServerResponse.prototype, 'writeHead').mockImplementation(function (
    this: ServerResponse,
    ...args: Parameters<typeof writeHead>
  ) {
    // The upstream test server runs in this process too.
    if (this.req.socket.localPort === edge.port) mark('answer');

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
  sent += 1;
  const res = await fetch(`${edge.url}${path}`, {
    headers: { 'x-tenant-id': 't-a' },
  });
  await res.arrayBuffer();

  return res.status;
}

describe('a decision', () => {
  it('is written before a denied request is answered', async () => {
    expect(await statusOf('/private/a')).toBe(403);
    expect(events).toEqual(['answer: on disk']);
  });

  it('is written before its request goes upstream', async () => {
    expect(await statusOf('/public/a')).toBe(200);
    expect(events).toEqual(['upstream: on disk', 'answer: on disk']);
  });

  it('is written before the gateway answers for a failed upstream', async () => {
    await edge.upstream.close();

    expect(await statusOf('/public/b')).toBeGreaterThanOrEqual(502);
    expect(events.at(-1)).toBe('answer: on disk');
    expect(events.every((event) => event.endsWith('on disk'))).toBe(true);
  });
});
