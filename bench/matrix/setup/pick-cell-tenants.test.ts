import { sampleSnapshotBody } from '@cellplane/contract/testing';
import { Placement } from '@cellplane/ring';
import { describe, expect, it } from 'vitest';

import { pickCellTenants } from './pick-cell-tenants';

describe('pickCellTenants', () => {
  const tenants = Array.from({ length: 300 }, (_, i) => ({
    id: `t-${String(i + 1).padStart(5, '0')}`,
    tier: 'free' as const,
  }));
  const body = sampleSnapshotBody({ tenants, overrides: [] });
  const placement = new Placement(body.cells, body.overrides, body.ring);

  it('picks only tenants the snapshot places in the cell, first ids first', () => {
    const picked = pickCellTenants(body, 'use1-b', 5);

    expect(picked).toHaveLength(5);
    for (const id of picked) expect(placement.cellFor(id)).toBe('use1-b');
    expect([...picked].sort()).toEqual(picked);

    const skipped = tenants
      .map((t) => t.id)
      .filter((id) => id < picked.at(-1)! && !picked.includes(id));
    for (const id of skipped) expect(placement.cellFor(id)).not.toBe('use1-b');
  });

  it('follows an override to the cell it pins', () => {
    const ringCell = placement.cellFor('t-00300')!;
    const target = body.cells.find((cell) => cell.id !== ringCell)!.id;
    const pinned = sampleSnapshotBody({
      tenants,
      overrides: [{ tenantId: 't-00300', cellId: target, reason: 'pinned' }],
    });
    const all = (cellId: string, snapshot: typeof body) =>
      pickCellTenants(
        snapshot,
        cellId,
        tenants.filter(
          (t) =>
            new Placement(
              snapshot.cells,
              snapshot.overrides,
              snapshot.ring,
            ).cellFor(t.id) === cellId,
        ).length,
      );

    expect(all(target, pinned)).toContain('t-00300');
    expect(all(ringCell, pinned)).not.toContain('t-00300');
  });

  it('says so when the cell holds fewer tenants than wanted', () => {
    expect(() => pickCellTenants(body, 'no-such-cell', 1)).toThrow(
      /places 0 tenants in no-such-cell/,
    );
  });
});
