import { describe, expect, it } from 'vitest';
import { HashRing } from './hash-ring';
import { murmur3 } from './murmur3';
import { Placement } from './placement';
import type { PlacementCell, PlacementOverride } from './types';

function cell(id: string, extra: Partial<PlacementCell> = {}): PlacementCell {
  return { id, capacityRps: 10_000, weight: 1, state: 'active', ...extra };
}

function pin(tenantId: string, cellId: string): PlacementOverride {
  return { tenantId, cellId, reason: 'rebalance' };
}

const cells = [cell('cell-a'), cell('cell-b'), cell('cell-c')];
const ring = HashRing.build(cells);

// A tenant the ring places somewhere other than `cellId`.
function tenantNotOn(cellId: string): string {
  for (let i = 0; ; i++) {
    const tenant = `tenant-${i}`;
    if (ring.lookup(tenant) !== cellId) return tenant;
  }
}

describe('Placement', () => {
  it('places tenants without an override on the ring', () => {
    const placement = new Placement(cells, []);

    for (let i = 0; i < 200; i++) {
      const tenant = `tenant-${i}`;
      expect(placement.cellFor(tenant)).toBe(ring.lookup(tenant));
      expect(placement.explain(tenant)).toEqual({
        tenantId: tenant,
        cellId: ring.lookup(tenant),
        source: 'ring',
        tenantHash: murmur3(tenant),
        vnode: ring.locate(tenant)!.vnode,
      });
    }
  });

  it('lets an override win over the ring', () => {
    const tenant = tenantNotOn('cell-c');
    const override = pin(tenant, 'cell-c');
    const placement = new Placement(cells, [override]);

    expect(placement.cellFor(tenant)).toBe('cell-c');
    expect(placement.explain(tenant)).toEqual({
      tenantId: tenant,
      cellId: 'cell-c',
      source: 'override',
      tenantHash: murmur3(tenant),
      override,
    });
  });

  it('honours an override to a draining cell, which has no ring points', () => {
    const draining = [
      cell('cell-a'),
      cell('cell-b'),
      cell('cell-c', { state: 'draining' }),
    ];
    const tenant = tenantNotOn('cell-c');
    const placement = new Placement(draining, [pin(tenant, 'cell-c')]);

    expect(placement.ring.virtualNodeCount('cell-c')).toBe(0);
    expect(placement.cellFor(tenant)).toBe('cell-c');
    expect(placement.explain(tenant)?.source).toBe('override');
  });

  it('K12: ignores an override to a cell that is not in the cell list', () => {
    const tenant = 'tenant-1';
    const placement = new Placement(cells, [pin(tenant, 'cell-missing')]);

    expect(placement.cellFor(tenant)).toBe(ring.lookup(tenant));
    expect(placement.explain(tenant)?.source).toBe('ring');
  });

  it('ignores an override to a failed cell and falls back to the ring', () => {
    const withFailed = [...cells, cell('cell-d', { state: 'failed' })];
    const placement = new Placement(withFailed, [pin('tenant-1', 'cell-d')]);

    expect(placement.cellFor('tenant-1')).toBe(ring.lookup('tenant-1'));
    expect(placement.explain('tenant-1')?.source).toBe('ring');
  });

  it('answers undefined when no cell can take a tenant', () => {
    const placement = new Placement(
      [cell('cell-a', { state: 'draining' })],
      [pin('pinned', 'cell-a')],
    );

    expect(placement.cellFor('other')).toBeUndefined();
    expect(placement.explain('other')).toBeUndefined();
    expect(placement.cellFor('pinned')).toBe('cell-a');
  });

  it('refuses two overrides for one tenant', () => {
    expect(
      () => new Placement(cells, [pin('t', 'cell-a'), pin('t', 'cell-b')]),
    ).toThrowError(
      expect.objectContaining({ code: 'RING_DUPLICATE_OVERRIDE' }) as Error,
    );
  });

  it('passes ring options through', () => {
    const placement = new Placement(cells, [], { virtualNodes: 10 });

    expect(placement.ring.virtualNodeCount('cell-a')).toBe(10);
  });
});
