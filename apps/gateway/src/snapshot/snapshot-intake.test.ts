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
    }),
    verdicts: {
      ack: (version) => verdicts.push(`ack ${version}`),
      nack: (version, code) => verdicts.push(`nack ${version} ${code}`),
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
