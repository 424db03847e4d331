import type { Cell } from '@cellplane/contract';
import { describe, expect, it } from 'vitest';

import { InstanceBalancer } from './instance-balancer';

function cell(weights: number[]): Cell {
  return {
    id: 'c1',
    regionId: 'r1',
    capacityRps: 100,
    weight: 1,
    state: 'active',
    instances: weights.map((weight, i) => ({
      id: `i${i + 1}`,
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
      lease.release('success');

      return lease.instance.id;
    });

    expect(picks).toEqual(['i1', 'i2', 'i1', 'i2']);
  });

  it('picks the instance with the fewest requests in flight per weight', () => {
    const balancer = new InstanceBalancer();
    const target = cell([1, 3]);
    const leases = Array.from({ length: 8 }, () => balancer.acquire(target)!);

    expect(balancer.load('i1')).toBe(2);
    expect(balancer.load('i2')).toBe(6);

    for (const lease of leases) lease.release('success');
    expect(balancer.load('i1') + balancer.load('i2')).toBe(0);
  });

  it('counts a release once however often it is called', () => {
    const balancer = new InstanceBalancer();
    const lease = balancer.acquire(cell([1]))!;
    lease.release('failure');
    lease.release('failure');

    expect(balancer.load('i1')).toBe(0);
  });
});
