import { describe, expect, it } from 'vitest';
import { LeastConnectionBalancer } from './least-connection-balancer';
import type {
  BalancedInstance,
  Lease,
  LeastConnectionOptions,
} from './least-connection-balancer';

const three: BalancedInstance[] = [
  { id: 'i-1', weight: 1 },
  { id: 'i-2', weight: 1 },
  { id: 'i-3', weight: 1 },
];

function setup(
  instances: readonly BalancedInstance[] = three,
  options: LeastConnectionOptions = {},
) {
  const clock = { now: 0 };
  const balancer = new LeastConnectionBalancer(instances, {
    now: () => clock.now,
    ...options,
  });

  return { clock, balancer };
}

function countPicks(picks: readonly Lease[]) {
  const counts: Record<string, number> = {};
  for (const lease of picks) {
    counts[lease.instanceId] = (counts[lease.instanceId] ?? 0) + 1;
  }

  return counts;
}

describe('LeastConnectionBalancer', () => {
  it('spreads ties round-robin, the same way every time', () => {
    const order = () => {
      const { balancer } = setup();

      return Array.from({ length: 6 }, () => {
        const lease = balancer.pick()!;
        lease.success(10);

        return lease.instanceId;
      });
    };

    expect(order()).toEqual(['i-1', 'i-2', 'i-3', 'i-1', 'i-2', 'i-3']);
    expect(order()).toEqual(order());
  });

  it('sends the next request to the instance with the fewest in flight', () => {
    const { balancer } = setup();
    const held = Array.from({ length: 3 }, () => balancer.pick()!);

    // One finishes: the next request must go there.
    const done = held[1]!;
    done.success(10);
    expect(balancer.pick()!.instanceId).toBe(done.instanceId);
  });

  it('loads instances in proportion to their weight', () => {
    const { balancer } = setup([
      { id: 'big', weight: 2 },
      { id: 'small', weight: 1 },
    ]);

    const held = Array.from({ length: 300 }, () => balancer.pick()!);
    expect(countPicks(held)).toEqual({ big: 200, small: 100 });
  });

  it('favours instances with fewer errors and lower latency', () => {
    // A breaker that never opens, so the flaky instance keeps getting some.
    const { balancer } = setup(
      [
        { id: 'fast', weight: 1 },
        { id: 'slow', weight: 1 },
        { id: 'flaky', weight: 1 },
      ],
      { breaker: { minimumRequests: 1_000_000 } },
    );
    const finish = (lease: Lease) => {
      if (lease.instanceId === 'slow') lease.success(400);
      else if (lease.instanceId === 'flaky') lease.failure(10);
      else lease.success(10);
    };

    // Twelve requests in flight at any time; the oldest finishes first.
    const inFlight: Lease[] = [];
    const picked: Lease[] = [];
    for (let i = 0; i < 3_000; i++) {
      const lease = balancer.pick()!;
      inFlight.push(lease);
      if (i >= 2_000) picked.push(lease);
      if (inFlight.length > 12) finish(inFlight.shift()!);
    }

    const stats = Object.fromEntries(balancer.snapshot().map((s) => [s.id, s]));
    expect(stats.fast!.healthScore).toBeCloseTo(100 / 110, 3);
    expect(stats.slow!.healthScore).toBeCloseTo(100 / 500, 2);
    expect(stats.flaky!.errorEma).toBeGreaterThan(0.9);

    const counts = countPicks(picked);
    expect(counts.fast).toBeGreaterThan(3 * (counts.slow ?? 0));
    expect(counts.fast).toBeGreaterThan(3 * (counts.flaky ?? 0));
    // The slow instance still takes a share of the concurrent load.
    expect(counts.slow).toBeGreaterThan(0);
  });

  it('lets an error penalty fade while an instance gets no traffic', () => {
    const { clock, balancer } = setup([{ id: 'only', weight: 1 }], {
      errorHalfLifeMs: 1_000,
    });
    balancer.pick()!.failure(0);
    expect(balancer.snapshot()[0]!.errorEma).toBeCloseTo(0.1, 6);

    clock.now = 2_000;
    expect(balancer.snapshot()[0]!.errorEma).toBeCloseTo(0.025, 6);
  });

  it('skips an instance whose breaker is open and probes it later', () => {
    const { clock, balancer } = setup(three, {
      breaker: { minimumRequests: 2, openMs: 1_000, probeIntervalMs: 0 },
    });

    // Two rounds of three concurrent requests, one on each instance.
    for (let round = 0; round < 2; round++) {
      const leases = Array.from({ length: 3 }, () => balancer.pick()!);
      for (const lease of leases) {
        if (lease.instanceId === 'i-2') lease.failure();
        else lease.success(5);
      }
    }
    expect(balancer.snapshot()[1]!.breaker).toBe('open');
    const whileOpen = Array.from({ length: 30 }, () => balancer.pick()!);
    expect(whileOpen.some((lease) => lease.instanceId === 'i-2')).toBe(false);
    for (const lease of whileOpen) lease.success(5);

    // After the open period exactly one request probes i-2.
    clock.now = 1_000;
    const halfOpen = Array.from({ length: 30 }, () => balancer.pick()!);
    expect(halfOpen.filter((l) => l.instanceId === 'i-2')).toHaveLength(1);
  });

  it('skips instances that fail their health check', () => {
    const unhealthy = new Set(['i-1', 'i-3']);
    const { balancer } = setup(three, {
      isHealthy: (id) => !unhealthy.has(id),
    });

    const held = Array.from({ length: 10 }, () => balancer.pick()!);
    expect(countPicks(held)).toEqual({ 'i-2': 10 });

    unhealthy.add('i-2');
    expect(balancer.pick()).toBeUndefined();
  });

  it('counts a lease once, however often it is reported', () => {
    const { balancer } = setup([{ id: 'only', weight: 1 }]);
    const lease = balancer.pick()!;

    lease.success(10);
    lease.success(10);
    lease.failure();
    expect(balancer.snapshot()[0]).toMatchObject({
      inFlight: 0,
      errorEma: 0,
      latencyEmaMs: 10,
    });
  });

  it('keeps the state of instances that stay when the list changes', () => {
    const { balancer } = setup();
    const held = balancer.pick()!;
    expect(held.instanceId).toBe('i-1');

    balancer.setInstances([
      { id: 'i-1', weight: 3 },
      { id: 'i-4', weight: 1 },
    ]);
    expect(balancer.snapshot()).toMatchObject([
      { id: 'i-1', weight: 3, inFlight: 1 },
      { id: 'i-4', weight: 1, inFlight: 0 },
    ]);
    expect(() => balancer.setInstances([{ id: 'x', weight: 0 }])).toThrow();
  });

  it('answers undefined for a cell without instances', () => {
    expect(setup([]).balancer.pick()).toBeUndefined();
  });
});
