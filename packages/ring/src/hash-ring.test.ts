import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashRing, RING_PROBES } from './hash-ring';
import { murmur3 } from './murmur3';
import { RingError } from './ring-error';
import type { PlacementCell } from './types';

function cell(id: string, extra: Partial<PlacementCell> = {}): PlacementCell {
  return { id, capacityRps: 10_000, weight: 1, state: 'active', ...extra };
}

function tenantIds(count: number, prefix = 'tenant'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
}

function countByCell(ring: HashRing, tenants: readonly string[]) {
  const counts = new Map<string, number>();
  for (const tenant of tenants) {
    const cellId = ring.lookup(tenant)!;
    counts.set(cellId, (counts.get(cellId) ?? 0) + 1);
  }

  return counts;
}

function shares(ring: HashRing, tenants: readonly string[]): number[] {
  const counts = countByCell(ring, tenants);
  const mean = tenants.length / ring.cellIds.length;

  return ring.cellIds.map((id) => (counts.get(id) ?? 0) / mean);
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = murmur3(String(i), seed) % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }

  return copy;
}

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;

  return h >>> 0;
}

// The nearest point clockwise from any of the RING_PROBES positions, found by
// scanning every point; ties go to the earlier probe and then to the point
// that sorts first.
function bruteForce<P extends { hash: number }>(
  sortedPoints: readonly P[],
  tenantHash: number,
): P | undefined {
  let best: P | undefined;
  let bestDistance = Infinity;

  for (let probe = 0; probe < RING_PROBES; probe++) {
    const position =
      probe === 0
        ? tenantHash
        : mix32((tenantHash + Math.imul(probe, 0x9e3779b9)) | 0);
    for (const point of sortedPoints) {
      const distance = (point.hash - position) >>> 0;
      if (distance < bestDistance) {
        best = point;
        bestDistance = distance;
      }
    }
  }

  return best;
}

const sixCells = Array.from({ length: 6 }, (_, i) => cell(`cell-${i + 1}`));

// These blocks sweep up to 100,000 tenants per case; on a machine shared with
// other work that can take longer than vitest's default 5 s.
const HEAVY = { timeout: 60_000 };

describe('K14 ring properties', HEAVY, () => {
  const tenants = tenantIds(100_000);
  const ring = HashRing.build(sixCells, { virtualNodes: 150 });
  const placed = tenants.map((tenant) => ring.lookup(tenant));

  it('K14: removing a cell moves only that cell tenants', () => {
    const without = HashRing.build(sixCells.slice(1), { virtualNodes: 150 });

    tenants.forEach((tenant, i) => {
      if (placed[i] !== 'cell-1')
        expect(without.lookup(tenant)).toBe(placed[i]);
      else expect(without.lookup(tenant)).not.toBe('cell-1');
    });
  });

  it('K14: adding a seventh cell moves at most 1/7 + 3 % of tenants, all to it', () => {
    const seven = HashRing.build([...sixCells, cell('cell-7')], {
      virtualNodes: 150,
    });

    const destinations = new Map<string | undefined, number>();
    tenants.forEach((tenant, i) => {
      const now = seven.lookup(tenant);
      if (now !== placed[i]) {
        destinations.set(now, (destinations.get(now) ?? 0) + 1);
      }
    });

    expect([...destinations.keys()]).toEqual(['cell-7']);
    const moved = destinations.get('cell-7')!;
    expect(moved / tenants.length).toBeLessThanOrEqual(1 / 7 + 0.03);
  });

  it('K14: the order in which cells are listed changes nothing', () => {
    for (const seed of [1, 2, 3]) {
      const reordered = HashRing.build(shuffled(sixCells, seed), {
        virtualNodes: 150,
      });
      expect(reordered.cellIds).toEqual(ring.cellIds);
      const differing = tenants.filter(
        (tenant, i) => reordered.lookup(tenant) !== placed[i],
      );
      expect(differing).toEqual([]);
    }
  });

  it('K14: every cell share stays within 0.75 to 1.25 of the mean', () => {
    for (const share of shares(ring, tenants)) {
      expect(share).toBeGreaterThanOrEqual(0.75);
      expect(share).toBeLessThanOrEqual(1.25);
    }
  });
});

describe('HashRing properties over random cells and tenants', HEAVY, () => {
  const cellIdSet = (min: number, max: number) =>
    fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), {
      minLength: min,
      maxLength: max,
    });
  const tenantSet = fc.uniqueArray(fc.string({ maxLength: 16 }), {
    minLength: 1,
    maxLength: 300,
  });

  it('removing a cell moves only its tenants', () => {
    fc.assert(
      fc.property(
        cellIdSet(2, 9),
        tenantSet,
        fc.nat(),
        (ids, tenants, pick) => {
          const removed = ids[pick % ids.length]!;
          const before = HashRing.build(ids.map((id) => cell(id)));
          const after = HashRing.build(
            ids.filter((id) => id !== removed).map((id) => cell(id)),
          );

          for (const tenant of tenants) {
            const was = before.lookup(tenant);
            if (was !== removed) expect(after.lookup(tenant)).toBe(was);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('adding a cell moves tenants only to it', () => {
    fc.assert(
      fc.property(cellIdSet(2, 9), tenantSet, (ids, tenants) => {
        const [added, ...rest] = ids as [string, ...string[]];
        const before = HashRing.build(rest.map((id) => cell(id)));
        const after = HashRing.build(ids.map((id) => cell(id)));

        for (const tenant of tenants) {
          const now = after.lookup(tenant);
          if (now !== before.lookup(tenant)) expect(now).toBe(added);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('adding a seventh of seven cells moves at most 1/7 + 3 % of tenants', () => {
    const tenants = tenantIds(20_000, 't');

    fc.assert(
      fc.property(cellIdSet(7, 7), (ids) => {
        const [added, ...rest] = ids as [string, ...string[]];
        const before = HashRing.build(rest.map((id) => cell(id)));
        const after = HashRing.build(ids.map((id) => cell(id)));

        const destinations = new Set<string | undefined>();
        let moved = 0;
        for (const tenant of tenants) {
          const now = after.lookup(tenant);
          if (now === before.lookup(tenant)) continue;
          destinations.add(now);
          moved++;
        }
        expect([...destinations]).toEqual([added]);
        expect(moved / tenants.length).toBeLessThanOrEqual(1 / 7 + 0.03);
      }),
      { numRuns: 25 },
    );
  });

  it('input order changes nothing', () => {
    fc.assert(
      fc.property(
        cellIdSet(1, 9),
        tenantSet,
        fc.nat(),
        (ids, tenants, seed) => {
          const a = HashRing.build(ids.map((id) => cell(id)));
          const b = HashRing.build(shuffled(ids, seed).map((id) => cell(id)));

          for (const tenant of tenants) {
            expect(b.lookup(tenant)).toBe(a.lookup(tenant));
            expect(b.locate(tenant)).toEqual(a.locate(tenant));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps six equal cells within 0.75 to 1.25 of the mean share', () => {
    const tenants = tenantIds(30_000, 't');

    fc.assert(
      fc.property(cellIdSet(6, 6), (ids) => {
        const ring = HashRing.build(ids.map((id) => cell(id)));
        for (const share of shares(ring, tenants)) {
          expect(share).toBeGreaterThanOrEqual(0.75);
          expect(share).toBeLessThanOrEqual(1.25);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('HashRing', HEAVY, () => {
  it('gives each active cell max(1, round(v * capacity / reference * weight)) points', () => {
    const ring = HashRing.build(
      [
        cell('a'),
        cell('b', { capacityRps: 20_000 }),
        cell('c', { weight: 0.5 }),
        cell('d', { capacityRps: 1 }),
        cell('e', { capacityRps: 5_000, weight: 3 }),
      ],
      { virtualNodes: 100 },
    );

    expect(ring.virtualNodeCount('a')).toBe(100);
    expect(ring.virtualNodeCount('b')).toBe(200);
    expect(ring.virtualNodeCount('c')).toBe(50);
    expect(ring.virtualNodeCount('d')).toBe(1);
    expect(ring.virtualNodeCount('e')).toBe(150);
    expect(ring.size).toBe(501);
  });

  it('defaults to 150 points at 10,000 RPS', () => {
    const ring = HashRing.build([cell('a'), cell('b', { capacityRps: 5_000 })]);

    expect(ring.virtualNodeCount('a')).toBe(150);
    expect(ring.virtualNodeCount('b')).toBe(75);
  });

  it('gives points only to active cells', () => {
    const ring = HashRing.build([
      cell('a'),
      cell('b', { state: 'draining' }),
      cell('c', { state: 'failed' }),
    ]);

    expect(ring.cellIds).toEqual(['a']);
    expect(ring.virtualNodeCount('b')).toBe(0);
    expect(ring.virtualNodeCount('c')).toBe(0);
    expect(ring.virtualNodeCount('unknown')).toBe(0);
    for (const tenant of tenantIds(1_000))
      expect(ring.lookup(tenant)).toBe('a');
  });

  it('answers undefined when no cell is active', () => {
    const ring = HashRing.build([cell('a', { state: 'failed' })]);

    expect(ring.lookup('t-1')).toBeUndefined();
    expect(ring.locate('t-1')).toBeUndefined();
    expect(HashRing.build([]).lookup('t-1')).toBeUndefined();
  });

  it('locates a tenant on a real point of its cell', () => {
    const ring = HashRing.build(sixCells);

    for (const tenant of tenantIds(500)) {
      const location = ring.locate(tenant)!;
      expect(location.tenantHash).toBe(murmur3(tenant));
      expect(location.vnode.cellId).toBe(ring.lookup(tenant));
      expect(location.vnode.hash).toBe(
        murmur3(`${location.vnode.cellId}#${location.vnode.index}`),
      );
    }
  });

  it('matches a brute-force reading of the documented algorithm', () => {
    // Small rings (one to a few points per cell) make probes wrap past the
    // highest point often, where an indexed search is easiest to get wrong.
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(fc.string(), { minLength: 1, maxLength: 50 }),
        (ids, virtualNodes, tenants) => {
          const ring = HashRing.build(
            ids.map((id) => cell(id)),
            { virtualNodes },
          );
          const points = ids
            .flatMap((id) =>
              Array.from({ length: virtualNodes }, (_, index) => ({
                cellId: id,
                index,
                hash: murmur3(`${id}#${index}`),
              })),
            )
            .sort(
              (a, b) =>
                a.hash - b.hash ||
                (a.cellId < b.cellId ? -1 : a.cellId > b.cellId ? 1 : 0) ||
                a.index - b.index,
            );

          for (const tenant of tenants) {
            expect(ring.locate(tenant)?.vnode).toEqual(
              bruteForce(points, murmur3(tenant)),
            );
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('gives a cell of double capacity about double share', () => {
    const tenants = tenantIds(100_000);
    const ring = HashRing.build([
      cell('big', { capacityRps: 20_000 }),
      cell('small-1'),
      cell('small-2'),
      cell('small-3'),
    ]);
    const counts = countByCell(ring, tenants);
    const smallMean =
      ((counts.get('small-1') ?? 0) +
        (counts.get('small-2') ?? 0) +
        (counts.get('small-3') ?? 0)) /
      3;

    const ratio = (counts.get('big') ?? 0) / smallMean;
    expect(ratio).toBeGreaterThan(1.7);
    expect(ratio).toBeLessThan(2.3);
  });

  it.each([
    [[cell('a'), cell('a')], 'RING_DUPLICATE_CELL'],
    [[cell('')], 'RING_INVALID_CELL'],
    [[cell('a', { capacityRps: -1 })], 'RING_INVALID_CELL'],
    [[cell('a', { weight: Number.NaN })], 'RING_INVALID_CELL'],
    [[cell('a', { capacityRps: 1e12 })], 'RING_TOO_MANY_POINTS'],
  ])('refuses ambiguous or unusable cells (%#)', (cells, code) => {
    expect(() => HashRing.build(cells)).toThrowError(
      expect.objectContaining({ code }) as Error,
    );
  });

  it.each([
    { virtualNodes: 0 },
    { virtualNodes: 1.5 },
    { referenceCapacityRps: 0 },
    { referenceCapacityRps: Number.POSITIVE_INFINITY },
  ])('refuses options %j', (options) => {
    expect(() => HashRing.build([cell('a')], options)).toThrow(RingError);
  });
});
