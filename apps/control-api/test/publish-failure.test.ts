import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import {
  ROLE_USERS,
  seedTopology,
  TEST_PASSWORD,
} from './support/seed-topology';
import {
  createTestEnvironment,
  waitFor,
  type TestEnvironment,
} from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

interface LatestView {
  snapshot: { version: number } | null;
  publisher: {
    failed: number;
    lastFailure: { jobId: string; attempt: number; message: string } | null;
  };
}

let env: TestEnvironment;
let api: ControlApi;

beforeAll(async () => {
  env = await createTestEnvironment('publish_failure', (database) =>
    seedTopology(database.db),
  );
  api = await env.startApi({ publishAttempts: 2 });
  await waitFor(() => api.deps.feed.latest() ?? undefined);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

describe('a failing publish', () => {
  it('is retried, shown to the console, and recovers once the state is fixed', async () => {
    const cookie = await signInCookie(
      api.url(),
      ROLE_USERS.viewer,
      TEST_PASSWORD,
    );
    const latest = async () =>
      (await callTrpc(api.url(), 'snapshots.latest', { type: 'query', cookie }))
        .data as LatestView;
    const before = (await latest()).snapshot!.version;

    // Written around the API, which would refuse it: gateways would NACK
    // a snapshot with this URL, so the publisher must not produce one.
    await env.database.db.instance.create({
      data: { id: 'use1-a-bad', cellId: 'use1-a', url: 'ftp://127.0.0.1:21' },
    });
    await api.deps.publisher.request({ author: 'test', cause: 'bad state' });

    const failed = await waitFor(async () => {
      const view = await latest();

      return view.publisher.failed > 0 ? view : undefined;
    }, 10_000);
    expect(failed.publisher.lastFailure).toMatchObject({ attempt: 2 });
    expect(failed.publisher.lastFailure!.message).toMatch(/url/i);
    expect(failed.snapshot!.version).toBe(before);

    await env.database.db.instance.delete({ where: { id: 'use1-a-bad' } });
    await env.database.db.tenant.create({
      data: { id: 't-after-fix', name: 'After fix', tier: 'free' },
    });
    await api.deps.publisher.request({ author: 'test', cause: 'fixed' });

    const recovered = await waitFor(() => {
      const served = api.deps.feed.latest();

      return served && served.version > before ? served : undefined;
    }, 10_000);
    expect(recovered.envelope.body.tenants.map((t) => t.id)).toContain(
      't-after-fix',
    );
  }, 30_000);
});

describe('gateways.list', () => {
  it('computes lag against the latest version and marks silent gateways stale', async () => {
    const cookie = await signInCookie(
      api.url(),
      ROLE_USERS.viewer,
      TEST_PASSWORD,
    );
    const latestVersion = api.deps.feed.latest()!.version;
    await env.database.db.gatewayStatus.createMany({
      data: [
        {
          gatewayId: 'gw-fresh',
          appliedVersion: latestVersion,
          lastSeenAt: new Date(),
        },
        {
          gatewayId: 'gw-old',
          appliedVersion: latestVersion - 1,
          lastNackVersion: latestVersion,
          lastNackCode: 'SNAPSHOT_SCHEMA',
          lastNackReason: 'body.cells.0.instances.0.url: Invalid URL',
          lastSeenAt: new Date(Date.now() - 31_000),
        },
      ],
    });

    const result = await callTrpc(api.url(), 'gateways.list', {
      type: 'query',
      cookie,
    });

    expect(result.data).toMatchObject([
      { gatewayId: 'gw-fresh', latestVersion, lag: 0, stale: false },
      {
        gatewayId: 'gw-old',
        latestVersion,
        lag: 1,
        stale: true,
        lastNackCode: 'SNAPSHOT_SCHEMA',
      },
    ]);
  });
});
