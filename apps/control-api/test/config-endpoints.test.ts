import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { verifySnapshot, verifyingKeyFromPem } from '@cellplane/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import { PUBLIC_KEY_FILE } from '../src/publish/load-signing-key';
import { SseReader } from './support/sse-reader';
import {
  startSeededApi,
  TEST_CONFIG_TOKEN,
  type TestEnvironment,
} from './support/start-test-api';

const auth = { authorization: `Bearer ${TEST_CONFIG_TOKEN}` };

let env: TestEnvironment;
let api: ControlApi;

beforeAll(async () => {
  ({ env, api } = await startSeededApi('v1', { firstSnapshot: true }));
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

describe('GET /v1/snapshots/latest', () => {
  it('refuses a missing or wrong bearer token with 401', async () => {
    const none = await fetch(`${api.url()}/v1/snapshots/latest`);
    const wrong = await fetch(`${api.url()}/v1/snapshots/latest`, {
      headers: { authorization: 'Bearer nope' },
    });

    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(wrong.status).toBe(401);
  });

  it('serves the signed snapshot with an ETag, and 304 when it matches', async () => {
    const first = await fetch(`${api.url()}/v1/snapshots/latest`, {
      headers: auth,
    });
    const etag = first.headers.get('etag')!;
    const text = await first.text();

    const publicPem = await readFile(
      join(env.stateDir, PUBLIC_KEY_FILE),
      'utf8',
    );
    const envelope = verifySnapshot(text, {
      keys: [verifyingKeyFromPem(publicPem)],
    });

    expect(first.status).toBe(200);
    expect(first.headers.get('x-config-version')).toBe(
      String(envelope.body.version),
    );
    expect(envelope.body.cells.map((cell) => cell.id)).toEqual([
      'euc1-a',
      'use1-a',
      'use1-b',
    ]);
    expect(envelope.body.tenants).toHaveLength(30);

    const again = await fetch(`${api.url()}/v1/snapshots/latest`, {
      headers: { ...auth, 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const stale = await fetch(`${api.url()}/v1/snapshots/latest`, {
      headers: { ...auth, 'if-none-match': '"v0-0000000000000000"' },
    });
    expect(stale.status).toBe(200);
    await stale.body?.cancel();
  });
});

describe('GET /v1/snapshots/stream', () => {
  it('sends the latest on connect, then each new version', async () => {
    const stream = await SseReader.open(`${api.url()}/v1/snapshots/stream`, {
      ...auth,
      'x-cellplane-consumer': 'test-gw',
    });
    const first = await stream.next();
    const firstVersion = Number(first.id);

    await env.database.db.tenant.create({
      data: { id: 't-sse', name: 'SSE', tier: 'free' },
    });
    await api.deps.publisher.request({ author: 'test', cause: 'sse test' });
    const second = await stream.next();
    stream.close();

    expect(stream.status).toBe(200);
    expect(first.event).toBe('snapshot');
    expect(Number(second.id)).toBeGreaterThan(firstVersion);
    const envelope = JSON.parse(second.data) as {
      body: { version: number; tenants: { id: string }[] };
    };
    expect(envelope.body.version).toBe(Number(second.id));
    expect(envelope.body.tenants.map((tenant) => tenant.id)).toContain('t-sse');
  });

  it('skips the latest when Last-Event-ID already has it, and pings', async () => {
    const latest = api.deps.feed.latest()!;
    const pinging = await env.startApi({ sseHeartbeatMs: 50 });
    const stream = await SseReader.open(
      `${pinging.url()}/v1/snapshots/stream`,
      {
        ...auth,
        'last-event-id': String(latest.version),
      },
    );

    await new Promise((resolve) => setTimeout(resolve, 300));
    stream.close();

    expect(stream.pending()).toBe(0);
    expect(stream.pings).toBeGreaterThanOrEqual(2);
  });
});

describe('POST /v1/reports', () => {
  const report = (fields: Record<string, unknown>) =>
    fetch(`${api.url()}/v1/reports`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        gatewayId: 'gw-1',
        at: new Date().toISOString(),
        ...fields,
      }),
    });

  it('stores ACK, NACK and heartbeat in GatewayStatus', async () => {
    const ack = await report({ kind: 'ack', version: 3, appliedVersion: 3 });
    expect(ack.status).toBe(204);

    const nack = await report({
      kind: 'nack',
      version: 4,
      appliedVersion: 3,
      code: 'SNAPSHOT_BAD_SIGNATURE',
      reason: 'signature does not verify',
    });
    expect(nack.status).toBe(204);

    const row = await env.database.db.gatewayStatus.findUniqueOrThrow({
      where: { gatewayId: 'gw-1' },
    });
    expect(row).toMatchObject({
      appliedVersion: 3,
      lastAckVersion: 3,
      lastNackVersion: 4,
      lastNackCode: 'SNAPSHOT_BAD_SIGNATURE',
      lastNackReason: 'signature does not verify',
    });

    const heartbeat = await report({
      kind: 'heartbeat',
      version: 3,
      appliedVersion: 3,
    });
    expect(heartbeat.status).toBe(204);
    const after = await env.database.db.gatewayStatus.findUniqueOrThrow({
      where: { gatewayId: 'gw-1' },
    });
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(
      row.lastSeenAt.getTime(),
    );
  });

  it('answers a bad report with 400 and field errors, writing nothing', async () => {
    const bad = await report({
      gatewayId: 'gw-bad',
      kind: 'sideways',
      version: -1,
    });
    const notJson = await fetch(`${api.url()}/v1/reports`, {
      method: 'POST',
      headers: auth,
      body: '{"gatewayId":',
    });

    expect(bad.status).toBe(400);
    const body = (await bad.json()) as {
      code: string;
      fieldErrors: Record<string, string[]>;
    };
    expect(body.code).toBe('REPORT_INVALID');
    expect(Object.keys(body.fieldErrors).sort()).toEqual([
      'appliedVersion',
      'kind',
      'version',
    ]);
    expect(notJson.status).toBe(400);
    expect(
      await env.database.db.gatewayStatus.count({
        where: { gatewayId: 'gw-bad' },
      }),
    ).toBe(0);
  });

  it('refuses a body over the size limit with 413', async () => {
    const huge = await report({
      kind: 'ack',
      version: 1,
      appliedVersion: 1,
      reason: 'x'.repeat(100_000),
    });

    expect(huge.status).toBe(413);
  });
});
