import { describe, expect, it } from 'vitest';

import {
  SEED_CELLS,
  SEED_INSTANCES,
  SEED_USERS,
  seedTenantTier,
  seedTenants,
} from './seed-data';

describe('seed data', () => {
  it('has 10,000 tenants t-00001..t-10000 with exact tier shares', () => {
    const tenants = seedTenants();
    const count = (tier: string) =>
      tenants.filter((tenant) => tenant.tier === tier).length;

    expect(tenants).toHaveLength(10_000);
    expect(tenants[0]).toEqual({
      id: 't-00001',
      name: 'Tenant 00001',
      tier: seedTenantTier(1),
    });
    expect(tenants.at(-1)?.id).toBe('t-10000');
    expect(new Set(tenants.map((t) => t.id)).size).toBe(10_000);
    expect(count('enterprise')).toBe(500);
    expect(count('standard')).toBe(3_500);
    expect(count('free')).toBe(6_000);
  });

  it('spreads every tier over the whole id range', () => {
    const firstThousand = seedTenants(1_000);

    expect(firstThousand.filter((t) => t.tier === 'enterprise')).toHaveLength(
      50,
    );
  });

  it('gives every cell two instances on ports 9101..9112 in cell order', () => {
    expect(SEED_CELLS.map((cell) => cell.id)).toEqual([
      'use1-a',
      'use1-b',
      'euc1-a',
      'euc1-b',
      'apse1-a',
      'apse1-b',
    ]);
    expect(SEED_INSTANCES.map((i) => `${i.id} ${i.url}`)).toEqual(
      SEED_CELLS.flatMap((cell, c) => [
        `${cell.id}-i1 http://127.0.0.1:${9101 + 2 * c}`,
        `${cell.id}-i2 http://127.0.0.1:${9102 + 2 * c}`,
      ]),
    );
  });

  it('has one user per role', () => {
    expect(SEED_USERS.map((u) => `${u.email} ${u.role}`)).toEqual([
      'admin@cellplane.local admin',
      'operator@cellplane.local operator',
      'approver@cellplane.local approver',
      'viewer@cellplane.local viewer',
    ]);
  });
});
