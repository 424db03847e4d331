import type { Cell } from '@cellplane/contract';
import { describe, expect, it } from 'vitest';

import { InstanceBalancer } from './instance-balancer';

function cell(weights: number[], id = 'c1'): Cell {
  return {
    id,
    regionId: 'r1',
    capacityRps: 100,
    weight: 1,
    state: 'active',
    instances: weights.map((weight, i) => ({
      id: `${id}-i${i + 1}`,
      url: `http://127.0.0.1:${9000 + i}`,
      weight,
    })),
  };
}

describe('InstanceBalancer', () => {
  it('returns null for a cell without instances', () => {
    expect(new InstanceBalancer().acquire(cell([]))).toBeNull();
  });

  it('alternates between idle equal instances', () => {
    const balancer = new InstanceBalancer();
    const target = cell([1, 1]);
    const picks = Array.from({ length: 4 }, () => {
      const lease = balancer.acquire(target)!;
      lease.release('success', 1);

      return lease.instance.id;
    });

    expect(new Set(picks)).toEqual(new Set(['c1-i1', 'c1-i2']));
  });

  it('spreads requests in flight by weight', () => {
    const balancer = new InstanceBalancer();
    const target = cell([1, 3]);
    const leases = Array.from({ length: 8 }, () => balancer.acquire(target)!);

    expect(balancer.load('c1', 'c1-i1')).toBe(2);
    expect(balancer.load('c1', 'c1-i2')).toBe(6);

    for (const lease of leases) lease.release('success', 1);
    expect(balancer.load('c1', 'c1-i1') + balancer.load('c1', 'c1-i2')).toBe(0);
  });

  it('keeps in-flight counts when a new snapshot holds the same cell', () => {
    const balancer = new InstanceBalancer();
    const lease = balancer.acquire(cell([1]))!;

    const next = cell([1]);
    balancer.retain(new Map([[next.id, next]]));
    expect(balancer.load('c1', 'c1-i1')).toBe(1);

    lease.release('cancelled', 1);
    lease.release('failure', 1);
    expect(balancer.load('c1', 'c1-i1')).toBe(0);
  });

  it('stops choosing an instance whose breaker opened', () => {
    const balancer = new InstanceBalancer();
    const target = cell([1, 1]);

    for (let i = 0; i < 200; i++) {
      const lease = balancer.acquire(target)!;
      lease.release(lease.instance.id === 'c1-i1' ? 'failure' : 'success', 1);
    }

    const picks = Array.from({ length: 10 }, () => {
      const lease = balancer.acquire(target)!;
      lease.release('success', 1);

      return lease.instance.id;
    });
    expect(new Set(picks)).toEqual(new Set(['c1-i2']));
  });
});
