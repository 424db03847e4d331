import type { Placement } from './placement';

/** A tenant whose cell differs between two placements. */
export interface TenantMovement {
  tenantId: string;
  from: string | undefined;
  to: string | undefined;
}

/**
 * The tenants of `tenantIds` whose cell changes from `before` to `after`,
 * in input order. Tenants that stay put are left out; `undefined` means no
 * cell could take the tenant on that side.
 */
export function planMovement(
  before: Placement,
  after: Placement,
  tenantIds: Iterable<string>,
): TenantMovement[] {
  const movements: TenantMovement[] = [];

  for (const tenantId of tenantIds) {
    const from = before.cellFor(tenantId);
    const to = after.cellFor(tenantId);
    if (from !== to) movements.push({ tenantId, from, to });
  }

  return movements;
}
