import { describe, expect, it } from 'vitest';
import { Placement } from './placement';
import { planMovement } from './plan-movement';
import type { PlacementCell } from './types';

function cell(id: string, extra: Partial<PlacementCell> = {}): PlacementCell {
  return { id, capacityRps: 10_000, weight: 1, state: 'active', ...extra };
}

const tenants = Array.from({ length: 5_000 }, (_, i) => `tenant-${i}`);
const six = Array.from({ length: 6 }, (_, i) => cell(`cell-${i + 1}`));

describe('planMovement', () => {
  it('lists nothing when placement is unchanged', () => {
    const before = new Placement(six, []);
    const after = new Placement([...six].reverse(), []);

    expect(planMovement(before, after, tenants)).toEqual([]);
  });

  it('moves only to an added cell, in input order', () => {
    const before = new Placement(six, []);
    const after = new Placement([...six, cell('cell-7')], []);
    const moves = planMovement(before, after, tenants);

    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((move) => move.to === 'cell-7')).toBe(true);
    const order = moves.map((move) => tenants.indexOf(move.tenantId));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const move of moves) {
      expect(move.from).toBe(before.cellFor(move.tenantId));
    }
  });

  it('moves exactly the tenants of a draining cell, except pinned ones', () => {
    const before = new Placement(six, []);
    const pinned = tenants.find((t) => before.cellFor(t) === 'cell-2')!;
    const draining = six.map((c) =>
      c.id === 'cell-2' ? { ...c, state: 'draining' as const } : c,
    );
    const after = new Placement(draining, [
      { tenantId: pinned, cellId: 'cell-2', reason: 'migration pending' },
    ]);
    const moves = planMovement(before, after, tenants);

    const onCell2 = tenants.filter((t) => before.cellFor(t) === 'cell-2');
    expect(moves.map((move) => move.tenantId).sort()).toEqual(
      onCell2.filter((t) => t !== pinned).sort(),
    );
    expect(moves.every((move) => move.from === 'cell-2')).toBe(true);
    expect(moves.some((move) => move.to === 'cell-2')).toBe(false);
  });

  it('reports undefined when no cell is left for a tenant', () => {
    const before = new Placement([cell('only')], []);
    const after = new Placement([cell('only', { state: 'failed' })], []);

    expect(planMovement(before, after, ['t-1'])).toEqual([
      { tenantId: 't-1', from: 'only', to: undefined },
    ]);
  });

  it('accepts any iterable of tenant ids', () => {
    const before = new Placement(six, []);
    const after = new Placement(six.slice(1), []);
    const fromSet = planMovement(before, after, new Set(tenants));

    expect(fromSet).toEqual(planMovement(before, after, tenants));
  });
});
