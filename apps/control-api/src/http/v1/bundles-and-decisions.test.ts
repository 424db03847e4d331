import { createHash, randomUUID } from 'node:crypto';
import { join } from 'node:path';

import { decisionInputDigest } from '@cellplane/contract';
import { buildBundle, writeBundle } from '@cellplane/policy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  ROLE_USERS,
  seedTopology,
  TEST_PASSWORD,
} from '../../../test/support/seed-topology';
import {
  createTestEnvironment,
  TEST_CONFIG_TOKEN,
  waitFor,
  type TestEnvironment,
} from '../../../test/support/start-test-api';
import { callTrpc, signInCookie } from '../../../test/support/trpc-http';
import type { ControlApi } from '../../app/create-control-api';

const POLICY_DIR = join(import.meta.dirname, '../../../../../policies/default');
const auth = { authorization: `Bearer ${TEST_CONFIG_TOKEN}` };

let env: TestEnvironment;
let api: ControlApi;
let viewer: string;
let bundleBytes: Uint8Array;
let digest: string;

beforeAll(async () => {
  env = await createTestEnvironment('bundles-decisions', (database) =>
    seedTopology(database.db),
  );
  api = await env.startApi();
  await waitFor(() => api.deps.feed.latest() ?? undefined);
  viewer = await signInCookie(api.url(), ROLE_USERS.viewer, TEST_PASSWORD);

  bundleBytes = writeBundle(
    buildBundle(POLICY_DIR, {
      entrypoints: ['cellplane/authz/allow'],
      revision: 'http-test',
    }),
  );
  const admin = await signInCookie(api.url(), ROLE_USERS.admin, TEST_PASSWORD);
  const upload = await callTrpc(api.url(), 'policies.upload', {
    type: 'mutation',
    cookie: admin,
    input: { bundleBase64: Buffer.from(bundleBytes).toString('base64') },
  });
  digest = (upload.data as { bundle: { digest: string } }).bundle.digest;
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

describe('GET /v1/bundles/<digest>', () => {
  it('serves the exact bytes, immutable, and 304 on a matching ETag', async () => {
    const response = await fetch(`${api.url()}/v1/bundles/${digest}`, {
      headers: auth,
    });
    const bytes = new Uint8Array(await response.arrayBuffer());

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/gzip');
    expect(response.headers.get('etag')).toBe(`"${digest}"`);
    expect(response.headers.get('cache-control')).toBe(
      'public, max-age=31536000, immutable',
    );
    expect(Buffer.from(bytes).equals(Buffer.from(bundleBytes))).toBe(true);
    expect(`sha256:${createHash('sha256').update(bytes).digest('hex')}`).toBe(
      digest,
    );

    const encoded = await fetch(
      `${api.url()}/v1/bundles/${encodeURIComponent(digest)}`,
      { headers: auth },
    );
    expect(encoded.status).toBe(200);
    await encoded.body?.cancel();

    const again = await fetch(`${api.url()}/v1/bundles/${digest}`, {
      headers: { ...auth, 'if-none-match': `"${digest}"` },
    });
    expect(again.status).toBe(304);
  });

  it('answers 401 without the token, 400 for a bad digest, 404 when unknown', async () => {
    const anonymous = await fetch(`${api.url()}/v1/bundles/${digest}`);
    const bad = await fetch(`${api.url()}/v1/bundles/sha256:ABC`, {
      headers: auth,
    });
    const unknown = await fetch(
      `${api.url()}/v1/bundles/sha256:${'0'.repeat(64)}`,
      { headers: auth },
    );

    expect(anonymous.status).toBe(401);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BUNDLE_BAD_DIGEST' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({
      code: 'BUNDLE_NOT_FOUND',
      message: expect.any(String) as string,
    });
  });
});

function decision(fields: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    at: new Date().toISOString(),
    gatewayId: 'gw-1',
    requestId: randomUUID(),
    revision: 'http-test',
    entrypoint: 'cellplane/authz/allow',
    result: 'deny',
    reason: 'undefined result',
    inputDigest: `sha256:${'a'.repeat(64)}`,
    input: { method: 'POST', path: '/cart' },
    durationUs: 12.5,
    tenantId: 't-00001',
    cellId: 'use1-a',
    method: 'POST',
    path: '/cart',
    ...fields,
  };
}

const post = (body: unknown, headers: Record<string, string> = auth) =>
  fetch(`${api.url()}/v1/decisions`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /v1/decisions', () => {
  it('stores a batch once however often it is sent, and counts drops', async () => {
    const decisions = [
      // As gateways log it now: no digest, keys in another order.
      decision({
        result: 'allow',
        reason: undefined,
        durationUs: 3,
        inputDigest: undefined,
        input: { path: '/cart', method: 'POST' },
      }),
      decision(),
      decision({ result: 'error', reason: 'boom', tenantId: 't-00002' }),
    ];
    const batch = { gatewayId: 'gw-1', decisions, dropped: 4 };

    const first = await post(batch);
    const second = await post(batch);

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: 3, duplicates: 0 });
    expect(await second.json()).toEqual({ stored: 0, duplicates: 3 });
    const rows = await env.database.db.decision.findMany({
      where: { id: { in: decisions.map((d) => d.id) } },
    });
    expect(rows).toHaveLength(3);
    const stored = rows.find((row) => row.id === decisions[1]!.id)!;
    expect(stored.at.toISOString()).toBe(decisions[1]!.at);
    expect(stored.input).toEqual({ method: 'POST', path: '/cart' });
    // The control plane's own digest, whatever a gateway sent: the same
    // for the same input in any key order.
    expect(stored.inputDigest).toBe(
      decisionInputDigest({ path: '/cart', method: 'POST' }),
    );
    expect(stored.inputDigest).not.toBe(decisions[1]!.inputDigest);
    const allowed = rows.find((row) => row.id === decisions[0]!.id)!;
    expect(allowed.inputDigest).toBe(stored.inputDigest);
    const loss = await env.database.db.decisionLoss.findUniqueOrThrow({
      where: { gatewayId: 'gw-1' },
    });
    expect(loss.dropped).toBe(8n);
  });

  it('counts a batch of drops alone and refuses one with neither', async () => {
    const drops = await post({
      gatewayId: 'gw-drops',
      decisions: [],
      dropped: 7,
    });
    const empty = await post({ gatewayId: 'gw-drops', decisions: [] });

    expect(drops.status).toBe(200);
    expect(await drops.json()).toEqual({ stored: 0, duplicates: 0 });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      code: 'DECISION_BATCH_SCHEMA',
      details: ['decisions: a batch carries decisions, drops or both'],
    });
    const loss = await env.database.db.decisionLoss.findUniqueOrThrow({
      where: { gatewayId: 'gw-drops' },
    });
    expect(loss.dropped).toBe(7n);
    // The per-minute statistics below sum every gateway's drops.
    await env.database.db.decisionLoss.delete({
      where: { gatewayId: 'gw-drops' },
    });
  });

  it('refuses a missing token, bad JSON, a bad schema and a foreign gateway id', async () => {
    const anonymous = await post({ gatewayId: 'gw-1', decisions: [] }, {});
    const notJson = await post('{"gatewayId":');
    const badSchema = await post({
      gatewayId: 'gw-1',
      decisions: [decision({ result: 'maybe', id: 'not-a-uuid' })],
    });
    const foreign = await post({
      gatewayId: 'gw-1',
      decisions: [decision({ gatewayId: 'gw-2' })],
    });

    expect(anonymous.status).toBe(401);
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      code: 'DECISION_BATCH_SCHEMA',
    });
    expect(badSchema.status).toBe(400);
    const body = (await badSchema.json()) as {
      code: string;
      details: string[];
    };
    expect(body.code).toBe('DECISION_BATCH_SCHEMA');
    expect(body.details.some((d) => d.startsWith('decisions.0.id:'))).toBe(
      true,
    );
    expect(body.details.some((d) => d.startsWith('decisions.0.result:'))).toBe(
      true,
    );
    expect(foreign.status).toBe(400);
    expect(
      await env.database.db.decision.count({ where: { gatewayId: 'gw-2' } }),
    ).toBe(0);
  });

  it('refuses a batch over 2 MiB with 413 and over 500 decisions with 400', async () => {
    const large = await post({
      gatewayId: 'gw-1',
      decisions: [decision({ input: { pad: 'x'.repeat(2 * 1024 * 1024) } })],
    });
    const many = await post({
      gatewayId: 'gw-1',
      decisions: Array.from({ length: 501 }, () => decision()),
    });

    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({
      code: 'DECISION_BATCH_TOO_LARGE',
    });
    expect(many.status).toBe(400);
  });
});

describe('decisions.list and decisions.stats', () => {
  it('pages newest first with filters, at most 200 a page', async () => {
    const base = Date.now() - 30_000;
    const decisions = Array.from({ length: 7 }, (_, i) =>
      decision({
        gatewayId: 'gw-list',
        at: new Date(base + i * 1_000).toISOString(),
        result: i % 2 === 0 ? 'deny' : 'allow',
        tenantId: 't-00009',
      }),
    );
    await post({ gatewayId: 'gw-list', decisions });

    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await callTrpc(api.url(), 'decisions.list', {
        type: 'query',
        cookie: viewer,
        input: { gatewayId: 'gw-list', result: 'deny', limit: 3, cursor },
      });
      const data = page.data as {
        items: { id: string; result: string }[];
        nextCursor: string | null;
      };
      expect(data.items.every((item) => item.result === 'deny')).toBe(true);
      pages.push(data.items.map((item) => item.id));
      cursor = data.nextCursor ?? undefined;
    } while (cursor);
    const tooMany = await callTrpc(api.url(), 'decisions.list', {
      type: 'query',
      cookie: viewer,
      input: { limit: 201 },
    });

    const window = await callTrpc(api.url(), 'decisions.list', {
      type: 'query',
      cookie: viewer,
      input: {
        tenantId: 't-00009',
        from: decisions[2]!.at,
        to: decisions[5]!.at,
      },
    });
    const inWindow = (window.data as { items: { id: string }[] }).items;

    expect(inWindow.map((item) => item.id)).toEqual(
      decisions
        .slice(2, 5)
        .map((d) => d.id)
        .reverse(),
    );
    const denied = decisions.filter((d) => d.result === 'deny').reverse();
    expect(pages.flat()).toEqual(denied.map((d) => d.id));
    expect(pages.map((page) => page.length)).toEqual([3, 1]);
    expect(tooMany.status).toBe(400);
  });

  it('counts decisions per minute by result, with percentiles and drops', async () => {
    const result = await callTrpc(api.url(), 'decisions.stats', {
      type: 'query',
      cookie: viewer,
      input: { minutes: 5 },
    });
    const stats = result.data as {
      minutes: { allow: number; deny: number; error: number }[];
      totals: { allow: number; deny: number; error: number };
      p50Us: number;
      p99Us: number;
      dropped: number;
    };
    const counts = await env.database.db.decision.groupBy({
      by: ['result'],
      _count: true,
    });
    const expected = Object.fromEntries(
      counts.map((row) => [row.result, row._count]),
    );

    expect(stats.minutes).toHaveLength(5);
    expect(stats.totals).toEqual({
      allow: expected.allow ?? 0,
      deny: expected.deny ?? 0,
      error: expected.error ?? 0,
    });
    expect(stats.p50Us).toBeGreaterThan(0);
    expect(stats.p99Us).toBeGreaterThanOrEqual(stats.p50Us);
    expect(stats.dropped).toBe(8);
  });
});
