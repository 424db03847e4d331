import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { verifySnapshot, verifyingKeyFromPem } from '@cellplane/contract';
import { createDb } from '@cellplane/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import {
  loadSigningKey,
  PUBLIC_KEY_FILE,
  SIGNING_KEY_FILE,
} from '../src/publish/load-signing-key';
import { CONFIG_DEFAULTS } from '../src/config/config-defaults';
import { loadSnapshot } from '../src/publish/load-snapshot';
import { publishSnapshot } from '../src/publish/publish-snapshot';
import {
  ROLE_USERS,
  seedTopology,
  TEST_PASSWORD,
} from './support/seed-topology';
import { SseReader } from './support/sse-reader';
import {
  createTestEnvironment,
  TEST_CONFIG_TOKEN,
  waitFor,
  type TestEnvironment,
} from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

const RING = { virtualNodes: 150, referenceCapacityRps: 10_000 };
// The running control-api publishes with its default limits; a publish from
// the test must describe the same desired state to be a no-op.
const LIMITS = CONFIG_DEFAULTS.limits;

let env: TestEnvironment;
let first: ControlApi;
let second: ControlApi;

beforeAll(async () => {
  env = await createTestEnvironment('publish', (database) =>
    seedTopology(database.db),
  );
  first = await env.startApi();
  second = await env.startApi();
  await waitFor(() => first.deps.feed.latest() ?? undefined);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

async function versions(): Promise<number[]> {
  const rows = await env.database.db.configSnapshot.findMany({
    orderBy: { version: 'asc' },
    select: { version: true },
  });

  return rows.map((row) => row.version);
}

describe('snapshot publish', () => {
  it('publishes the first snapshot on startup, signed with the state dir key (0600)', async () => {
    const publicPem = await readFile(
      join(env.stateDir, PUBLIC_KEY_FILE),
      'utf8',
    );
    const keyMode =
      (await stat(join(env.stateDir, SIGNING_KEY_FILE))).mode & 0o777;
    const stored = await loadSnapshot(env.database.db, 1);

    expect(keyMode).toBe(0o600);
    const envelope = verifySnapshot(stored!.text, {
      keys: [verifyingKeyFromPem(publicPem)],
    });
    expect(envelope.body.version).toBe(1);
    // Both processes started; they share one key and one first version.
    expect((await versions()).filter((v) => v === 1)).toHaveLength(1);
  });

  it('is idempotent: the same state publishes no new version', async () => {
    const key = await loadSigningKey(env.stateDir);
    const before = await versions();

    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        publishSnapshot(
          { db: env.database.db, key, ring: RING, limits: LIMITS },
          { author: 'test', cause: 'rerun' },
        ),
      ),
    );

    expect(results.every((r) => !r.created)).toBe(true);
    expect(await versions()).toEqual(before);
  });

  it('assigns strictly increasing versions to concurrent publishes from two clients', async () => {
    const key = await loadSigningKey(env.stateDir);
    const otherDb = createDb(env.database.url);
    const before = (await versions()).at(-1)!;

    try {
      const results = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const db = i % 2 === 0 ? env.database.db : otherDb;
          await db.tenant.create({
            data: { id: `t-race-${i}`, name: `Race ${i}`, tier: 'free' },
          });

          return publishSnapshot(
            { db, key, ring: RING, limits: LIMITS },
            { author: 'test', cause: `race ${i}` },
          );
        }),
      );

      const created = results.filter((r) => r.created).map((r) => r.version);
      const all = await versions();
      expect(new Set(created).size).toBe(created.length);
      expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
      expect(all.at(-1)).toBeGreaterThan(before);

      // Only creates ran, so a later version never holds fewer tenants:
      // no publish stored an older state after a newer one.
      const sizes = await Promise.all(
        all.map(async (version) => {
          const snapshot = await loadSnapshot(env.database.db, version);

          return snapshot!.envelope.body.tenants.length;
        }),
      );
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b));

      const latest = await loadSnapshot(env.database.db, all.at(-1)!);
      const ids = latest!.envelope.body.tenants.map((t) => t.id);
      for (let i = 0; i < 10; i++) expect(ids).toContain(`t-race-${i}`);
    } finally {
      await otherDb.$disconnect();
    }
  });

  it('coalesces a burst of changes through two processes and delivers it by SSE to both', async () => {
    const cookie = await signInCookie(
      first.url(),
      ROLE_USERS.operator,
      TEST_PASSWORD,
    );
    const auth = { authorization: `Bearer ${TEST_CONFIG_TOKEN}` };
    const streams = await Promise.all(
      [first, second].map((api) =>
        SseReader.open(`${api.url()}/v1/snapshots/stream`, auth),
      ),
    );
    await Promise.all(streams.map((stream) => stream.next()));
    const before = (await versions()).at(-1)!;

    // 20 changes at once, half through each process.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callTrpc([first, second][i % 2]!.url(), 'tenants.create', {
          type: 'mutation',
          input: { id: `t-burst-${i}`, name: `Burst ${i}`, tier: 'free' },
          cookie,
        }),
      ),
    );

    const hasAll = (data: string) => {
      const ids = new Set(
        (
          JSON.parse(data) as { body: { tenants: { id: string }[] } }
        ).body.tenants.map((t) => t.id),
      );

      return Array.from({ length: 20 }, (_, i) => `t-burst-${i}`).every((id) =>
        ids.has(id),
      );
    };
    for (const stream of streams) {
      let event = await stream.next(10_000);
      while (!hasAll(event.data)) event = await stream.next(10_000);
    }
    streams.forEach((stream) => stream.close());

    const published = (await versions()).filter((v) => v > before);
    console.info(`burst of 20 changes -> ${published.length} publishes`);
    expect(published.length).toBeGreaterThan(0);
    expect(published.length).toBeLessThan(20);
  }, 30_000);

  it('shows the latest snapshot and the publisher queue to the console', async () => {
    const cookie = await signInCookie(
      first.url(),
      ROLE_USERS.viewer,
      TEST_PASSWORD,
    );
    const latest = await callTrpc(first.url(), 'snapshots.latest', {
      type: 'query',
      cookie,
    });
    const list = await callTrpc(first.url(), 'snapshots.list', {
      type: 'query',
      input: { limit: 3 },
      cookie,
    });

    expect(latest.data).toMatchObject({
      snapshot: { version: (await versions()).at(-1) },
      publisher: { failed: 0, lastFailure: null },
    });
    expect(list.data).toHaveLength(3);
  });
});
