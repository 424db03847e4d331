import type { SnapshotBody } from '@cellplane/contract';
import { Placement } from '@cellplane/ring';

/**
 * The first `count` tenants (by id) that the snapshot places in `cellId`:
 * a fixed set, so every configuration and every run sends the same
 * requests, each of which the cell serves rather than refusing with 421.
 */
export function pickCellTenants(
  body: SnapshotBody,
  cellId: string,
  count: number,
): string[] {
  const placement = new Placement(body.cells, body.overrides, body.ring);
  const ids = body.tenants.map((tenant) => tenant.id).sort();
  const picked: string[] = [];

  for (const id of ids) {
    if (picked.length === count) break;
    if (placement.cellFor(id) === cellId) picked.push(id);
  }

  if (picked.length < count) {
    throw new Error(
      `snapshot places ${picked.length} tenants in ${cellId}, ${count} wanted`,
    );
  }

  return picked;
}
