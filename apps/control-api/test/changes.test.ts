import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ControlApi } from '../src/app/create-control-api';
import { ROLE_USERS, TEST_PASSWORD } from './support/seed-topology';
import {
  startSeededApi,
  waitFor,
  type TestEnvironment,
} from './support/start-test-api';
import { callTrpc, signInCookie } from './support/trpc-http';

let env: TestEnvironment;
let api: ControlApi;
let admin: string;

beforeAll(async () => {
  ({ env, api } = await startSeededApi('changes', { firstSnapshot: true }));
  admin = await signInCookie(api.url(), ROLE_USERS.admin, TEST_PASSWORD);
}, 60_000);

afterAll(async () => {
  await env?.dispose();
});

const mutate = (path: string, input: unknown) =>
  callTrpc(api.url(), path, { type: 'mutation', input, cookie: admin });

async function writes() {
  const { db } = env.database;

  return {
    audit: await db.auditLog.count(),
    cells: await db.cell.count(),
    instances: await db.instance.count(),
    tenants: await db.tenant.count(),
  };
}

describe('validation', () => {
  it('answers field-level errors and writes nothing', async () => {
    const before = await writes();

    const result = await mutate('cells.create', {
      id: 'Bad Id!',
      regionId: 'us-east',
      capacityRps: -1,
      instances: [{ id: 'ok-i1', url: 'ftp://127.0.0.1:21' }],
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.code).toBe('BAD_REQUEST');
    expect(result.error?.data.appCode).toBe('VALIDATION_FAILED');
    expect(
      Object.keys(result.error?.data.zodError?.fieldErrors ?? {}).sort(),
    ).toEqual(['capacityRps', 'id', 'instances.0.url']);
    expect(await writes()).toEqual(before);
  });

  it('refuses unknown fields', async () => {
    const result = await mutate('tenants.create', {
      id: 't-extra',
      name: 'Extra',
      tier: 'free',
      passwordHash: 'x',
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.zodError?.formErrors.join()).toMatch(
      /passwordHash/,
    );
  });
});

describe('changes', () => {
  it('writes the change and its audit row, then publishes it', async () => {
    const result = await mutate('cells.setState', {
      id: 'use1-b',
      state: 'draining',
    });

    expect(result.data).toEqual({ id: 'use1-b', state: 'draining' });
    const audit = await env.database.db.auditLog.findFirstOrThrow({
      where: { action: 'cell.setState', targetId: 'use1-b' },
    });
    expect(audit).toMatchObject({
      actorId: 'u-admin',
      actorEmail: ROLE_USERS.admin,
      targetType: 'cell',
      before: { id: 'use1-b', state: 'active' },
      after: { id: 'use1-b', state: 'draining' },
    });
    expect(audit.requestId).toBeTruthy();

    const published = await waitFor(() => {
      const cell = api.deps.feed
        .latest()
        ?.envelope.body.cells.find((c) => c.id === 'use1-b');

      return cell?.state === 'draining' ? cell : undefined;
    });
    expect(published.state).toBe('draining');
  });

  it('writes nothing when a step of the change fails', async () => {
    const before = await writes();

    // The second instance reuses a seeded instance URL: the cell created
    // before it in the same transaction must roll back with it.
    const result = await mutate('cells.create', {
      id: 'use1-c',
      regionId: 'us-east',
      capacityRps: 1000,
      instances: [
        { id: 'use1-c-i1', url: 'http://127.0.0.1:59300' },
        { id: 'use1-c-i2', url: 'http://127.0.0.1:59101' },
      ],
    });

    expect(result.status).toBe(409);
    expect(result.error?.data.appCode).toBe('INSTANCE_EXISTS');
    expect(await writes()).toEqual(before);
  });

  it('answers stable codes for conflicts and missing targets', async () => {
    const duplicate = await mutate('regions.create', {
      id: 'us-east',
      name: 'Again',
    });
    const missingRegion = await mutate('cells.create', {
      id: 'nowhere-a',
      regionId: 'nowhere',
      capacityRps: 10,
      instances: [{ id: 'nowhere-a-i1', url: 'http://127.0.0.1:59402' }],
    });
    const missingCell = await mutate('cells.update', { id: 'nope', weight: 2 });
    const notPinned = await mutate('placement.unpin', { tenantId: 't-00003' });

    expect(
      [duplicate, missingRegion, missingCell, notPinned].map(
        (r) => r.error?.data.appCode,
      ),
    ).toEqual([
      'REGION_EXISTS',
      'REGION_NOT_FOUND',
      'CELL_NOT_FOUND',
      'OVERRIDE_NOT_FOUND',
    ]);
    expect(duplicate.status).toBe(409);
    expect(missingCell.status).toBe(404);
  });

  it('refuses to pin a tenant to a failed cell', async () => {
    await mutate('cells.setState', { id: 'euc1-a', state: 'failed' });
    const result = await mutate('placement.pin', {
      tenantId: 't-00004',
      cellId: 'euc1-a',
    });
    await mutate('cells.setState', { id: 'euc1-a', state: 'active' });

    expect(result.error?.data.appCode).toBe('CELL_FAILED');
    expect(
      await env.database.db.override.count({ where: { tenantId: 't-00004' } }),
    ).toBe(0);
  });

  it('explains a pin by its override and names the snapshot', async () => {
    await mutate('placement.pin', { tenantId: 't-00005', cellId: 'use1-a' });
    await waitFor(() =>
      api.deps.feed
        .latest()
        ?.envelope.body.overrides.some((o) => o.tenantId === 't-00005')
        ? true
        : undefined,
    );

    const explained = await callTrpc(api.url(), 'placement.explain', {
      type: 'query',
      input: { tenantId: 't-00005' },
      cookie: admin,
    });

    expect(explained.data).toMatchObject({
      tenantId: 't-00005',
      cellId: 'use1-a',
      regionId: 'us-east',
      source: 'override',
      override: {
        cellId: 'use1-a',
        reason: 'pinned',
        createdBy: ROLE_USERS.admin,
      },
      snapshotVersion: api.deps.feed.latest()!.version,
    });

    const distribution = await callTrpc(api.url(), 'placement.distribution', {
      type: 'query',
      cookie: admin,
    });
    const counts = distribution.data as { cellId: string; tenants: number }[];
    expect(counts.reduce((sum, row) => sum + row.tenants, 0)).toBe(
      api.deps.feed.latest()!.envelope.body.tenants.length,
    );
  });
});

describe('keeping the ring servable', () => {
  it('refuses a new cell without an instance, naming the field', async () => {
    const result = await mutate('cells.create', {
      id: 'use1-z',
      regionId: 'us-east',
      capacityRps: 1000,
      instances: [],
    });

    expect(result.status).toBe(400);
    expect(result.error?.data.zodError?.fieldErrors).toHaveProperty(
      'instances',
    );
  });

  it('refuses to remove the last instance of an active cell', async () => {
    const created = await mutate('cells.create', {
      id: 'use1-y',
      regionId: 'us-east',
      capacityRps: 1000,
      instances: [{ id: 'use1-y-i1', url: 'http://127.0.0.1:59310' }],
    });
    expect(created.status).toBe(200);

    const refused = await mutate('instances.remove', { id: 'use1-y-i1' });
    expect(refused.error?.data.appCode).toBe('LAST_INSTANCE_OF_ACTIVE_CELL');

    await mutate('cells.setState', { id: 'use1-y', state: 'draining' });
    const removed = await mutate('instances.remove', { id: 'use1-y-i1' });
    expect(removed.status).toBe(200);
  });

  it('refuses to take the last active cell off the ring', async () => {
    const { db } = env.database;
    const active = await db.cell.findMany({
      where: { state: 'active' },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    const [last, ...others] = active.map((cell) => cell.id);

    try {
      for (const id of others) {
        const drained = await mutate('cells.setState', {
          id,
          state: 'draining',
        });
        expect(drained.status).toBe(200);
      }

      const refused = await mutate('cells.setState', {
        id: last,
        state: 'failed',
      });

      expect(refused.error?.data.appCode).toBe('LAST_ACTIVE_CELL');
      expect((await db.cell.findUnique({ where: { id: last! } }))?.state).toBe(
        'active',
      );
    } finally {
      for (const id of others) {
        await mutate('cells.setState', { id, state: 'active' });
      }
    }
  });
});
