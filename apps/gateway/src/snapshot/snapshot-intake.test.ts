import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import {
  generateSigningKey,
  signSnapshot,
  type SnapshotBody,
} from '@cellplane/contract';
import { sampleSnapshotBody } from '@cellplane/contract/testing';
import { createLogger } from '@cellplane/telemetry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { DEFAULT_TENANT_LIMITS } from '../config/gateway-config';
import { GatewayMetrics } from '../telemetry/gateway-metrics';
import { SnapshotFiles } from './snapshot-files';
import { SnapshotIntake } from './snapshot-intake';
import { SnapshotStore } from './snapshot-store';

const key = generateSigningKey();
let dir: string;
let store: SnapshotStore;
let intake: SnapshotIntake;
let verdicts: string[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'gateway-intake-'));
  store = new SnapshotStore();
  verdicts = [];
  intake = new SnapshotIntake({
    store,
    files: new SnapshotFiles(dir),
    keys: [key],
    logger: createLogger({ component: 'test', destination: new PassThrough() }),
    metrics: new GatewayMetrics({
      appliedVersion: () => null,
      snapshotAcceptedAt: () => null,
      contactAgeSeconds: () => null,
      stale: () => false,
      inFlight: () => 0,
      cellStates: () => new Map(),
      cellDegradation: () => new Map(),
    }),
    verdicts: {
      ack: (version) => verdicts.push(`ack ${version}`),
      nack: (version, code) => verdicts.push(`nack ${version} ${code}`),
    },
    tableOptions: {
      tokenCacheSize: 100,
      defaultLimits: {
        perClientIp: { ratePerSecond: 100, burst: 200 },
        perTenant: DEFAULT_TENANT_LIMITS,
        trustedProxies: [],
      },
    },
  });
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const text = (patch: Partial<SnapshotBody>) =>
  JSON.stringify(signSnapshot(sampleSnapshotBody(patch), key));

describe('SnapshotIntake', () => {
  it('applies snapshots offered together in the order they came', async () => {
    const swaps: number[] = [];
    store.onSwap((table) => swaps.push(table.version));

    await Promise.all([
      intake.offer(text({ version: 1 }), 'stream'),
      intake.offer(text({ version: 3 }), 'stream'),
      intake.offer(text({ version: 2 }), 'poll'),
    ]);

    expect(swaps).toEqual([1, 3]);
    expect(verdicts).toEqual([
      'ack 1',
      'ack 3',
      'nack 2 SNAPSHOT_STALE_VERSION',
    ]);
  });

  it('NACKs ambiguous routes, an unusable identity section and a ring too large, keeping the table', async () => {
    await intake.offer(text({ version: 1 }), 'stream');
    const route = {
      id: 'r1',
      pathPrefix: '/a',
      auth: 'public' as const,
      timeoutMs: 1000,
    };
    const issuer = {
      id: 'idp',
      issuer: 'https://idp.test',
      audiences: ['api'],
      algorithms: ['RS256' as const],
      leewaySeconds: 0,
      tenantClaim: 'tenant_id',
      keys: [],
    };
    const base = sampleSnapshotBody();
    const huge = base.cells.map((cell, i) =>
      i === 0 ? { ...cell, capacityRps: 10_000_000 } : cell,
    );

    await intake.offer(
      text({ version: 2, routes: [route, { ...route, id: 'r2' }] }),
      'stream',
    );
    await intake.offer(
      text({
        version: 3,
        identity: {
          issuers: [issuer, { ...issuer, id: 'idp2' }],
          revokedTokenIds: [],
        },
      }),
      'stream',
    );
    await intake.offer(
      text({
        version: 4,
        cells: huge,
        ring: { virtualNodes: 1000, referenceCapacityRps: 1 },
      }),
      'stream',
    );

    expect(verdicts.slice(0, 3)).toEqual([
      'ack 1',
      'nack 2 GW_SNAPSHOT_ROUTES',
      'nack 3 GW_SNAPSHOT_IDENTITY',
    ]);
    // Refused by the contract's own check when it has one, else by the
    // ring error the gateway turns into a NACK.
    expect(verdicts[3]).toMatch(
      /^nack 4 (GW_SNAPSHOT_PLACEMENT|SNAPSHOT_RING_TOO_LARGE)$/,
    );
    expect(store.current?.version).toBe(1);
  });

  it('refuses an empty table over one that routes, but takes one when it has none', async () => {
    const empty = { tenants: [], overrides: [] };

    expect(
      (await intake.offer(text({ version: 1, ...empty }), 'stream')).kind,
    ).toBe('accepted');
    expect(store.current?.servable).toBe(false);

    await intake.offer(text({ version: 2 }), 'stream');
    const outcome = await intake.offer(
      text({ version: 3, ...empty }),
      'stream',
    );

    expect(outcome).toMatchObject({
      kind: 'rejected',
      code: 'GW_SNAPSHOT_EMPTY',
      version: 3,
    });
    expect(store.current?.version).toBe(2);
  });

  it('names the version a refused snapshot claims, or 0 when it cannot be read', async () => {
    await intake.offer('not json', 'stream');
    await intake.offer(
      JSON.stringify({
        ...JSON.parse(text({ version: 5 })),
        signature: 'AAAA',
      }),
      'stream',
    );

    expect(verdicts).toEqual([
      'nack 0 SNAPSHOT_BAD_JSON',
      'nack 5 SNAPSHOT_BAD_SIGNATURE',
    ]);
    expect(store.current).toBeNull();
  });
});
