import type { CellState, Role, TenantTier } from '@cellplane/db';

/** The case-study topology of docs/DESIGN.md, as plain rows. */
export const SEED_REGIONS = [
  { id: 'us-east', name: 'US East' },
  { id: 'eu-central', name: 'EU Central' },
  { id: 'ap-southeast', name: 'Asia Pacific Southeast' },
] as const;

const CELLS_BY_REGION = {
  'us-east': ['use1-a', 'use1-b'],
  'eu-central': ['euc1-a', 'euc1-b'],
  'ap-southeast': ['apse1-a', 'apse1-b'],
} as const;

export const SEED_CELLS = SEED_REGIONS.flatMap((region) =>
  CELLS_BY_REGION[region.id].map((id) => ({
    id,
    regionId: region.id,
    capacityRps: 10_000,
    weight: 1,
    state: 'active' as CellState,
  })),
);

const FIRST_INSTANCE_PORT = 9101;

/** Two instances per cell on consecutive loopback ports, 9101..9112. */
export const SEED_INSTANCES = SEED_CELLS.flatMap((cell, cellIndex) =>
  [1, 2].map((n) => ({
    id: `${cell.id}-i${n}`,
    cellId: cell.id,
    url: `http://127.0.0.1:${FIRST_INSTANCE_PORT + cellIndex * 2 + n - 1}`,
    weight: 1,
  })),
);

export const SEED_TENANT_COUNT = 10_000;

/**
 * 5 % enterprise, 35 % standard, 60 % free, the same on every run. Stepping
 * by 37 (coprime with 100) visits every residue once per hundred ids, so the
 * shares are exact and each tier is spread over the whole id range.
 */
export function seedTenantTier(index: number): TenantTier {
  const bucket = (index * 37) % 100;
  if (bucket < 5) return 'enterprise';
  if (bucket < 40) return 'standard';

  return 'free';
}

export function seedTenants(count = SEED_TENANT_COUNT) {
  return Array.from({ length: count }, (_, i) => {
    const number = String(i + 1).padStart(5, '0');

    return {
      id: `t-${number}`,
      name: `Tenant ${number}`,
      tier: seedTenantTier(i + 1),
    };
  });
}

export const SEED_USERS: readonly {
  id: string;
  email: string;
  name: string;
  role: Role;
}[] = (['admin', 'operator', 'approver', 'viewer'] as const).map((role) => ({
  id: `u-${role}`,
  email: `${role}@cellplane.local`,
  name: role[0]!.toUpperCase() + role.slice(1),
  role,
}));
