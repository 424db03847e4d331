import type { SnapshotBody } from '../snapshot-schema';

/**
 * A small, valid snapshot body for tests in any package: two regions, three
 * cells with two instances each, a handful of tenants and one override.
 */
export function sampleSnapshotBody(
  overrides: Partial<SnapshotBody> = {},
): SnapshotBody {
  const instance = (cell: string, n: number, port: number) => ({
    id: `${cell}-i${n}`,
    url: `http://127.0.0.1:${port}`,
    weight: 1,
  });

  return {
    schemaVersion: 1,
    version: 1,
    builtAt: '2026-12-04T12:00:00.000Z',
    regions: [
      { id: 'us-east', name: 'US East' },
      { id: 'eu-central', name: 'EU Central' },
    ],
    cells: [
      {
        id: 'use1-a',
        regionId: 'us-east',
        capacityRps: 10_000,
        weight: 1,
        state: 'active',
        instances: [instance('use1-a', 1, 9101), instance('use1-a', 2, 9102)],
      },
      {
        id: 'use1-b',
        regionId: 'us-east',
        capacityRps: 10_000,
        weight: 1,
        state: 'active',
        instances: [instance('use1-b', 1, 9103), instance('use1-b', 2, 9104)],
      },
      {
        id: 'euc1-a',
        regionId: 'eu-central',
        capacityRps: 10_000,
        weight: 1,
        state: 'active',
        instances: [instance('euc1-a', 1, 9105), instance('euc1-a', 2, 9106)],
      },
    ],
    tenants: [
      { id: 't-a', tier: 'enterprise' },
      { id: 't-b', tier: 'standard' },
      { id: 't-c', tier: 'free' },
      { id: 't-d', tier: 'standard' },
    ],
    overrides: [{ tenantId: 't-b', cellId: 'euc1-a', reason: 'pinned' }],
    ring: { virtualNodes: 150, referenceCapacityRps: 10_000 },
    ...overrides,
  };
}
