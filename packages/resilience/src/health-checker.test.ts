import { describe, expect, it } from 'vitest';
import { HealthChecker } from './health-checker';
import { LeastConnectionBalancer } from './least-connection-balancer';

const ids = ['i-1', 'i-2', 'i-3'];

describe('HealthChecker', () => {
  it('K11: a failing instance gets no traffic within two check intervals', () => {
    const clock = { now: 0 };
    const interval = 1_000;
    const checker = new HealthChecker(ids, {
      intervalMs: interval,
      now: () => clock.now,
    });
    const balancer = new LeastConnectionBalancer(
      ids.map((id) => ({ id, weight: 1 })),
      { isHealthy: (id) => checker.isHealthy(id), now: () => clock.now },
    );
    const failing = new Set<string>();
    const startsFailingAt = 1_500;
    const picksAfter = new Map<number, string[]>();

    // Every 100 ms: run due checks, then route ten requests.
    for (clock.now = 0; clock.now <= 6_000; clock.now += 100) {
      if (clock.now === startsFailingAt) failing.add('i-2');
      for (const id of checker.dueForCheck()) {
        checker.record(id, !failing.has(id));
      }

      const picked: string[] = [];
      for (let i = 0; i < 10; i++) {
        const lease = balancer.pick()!;
        picked.push(lease.instanceId);
        lease.success(5);
      }
      picksAfter.set(clock.now, picked);
    }

    const sentToFailing = [...picksAfter]
      .filter(([, picked]) => picked.includes('i-2'))
      .map(([at]) => at);
    expect(Math.max(...sentToFailing)).toBeLessThan(
      startsFailingAt + 2 * interval,
    );
    expect(checker.cellHealth()).toEqual({
      state: 'degraded',
      healthy: ['i-1', 'i-3'],
      unhealthy: ['i-2'],
      retryAfterMs: 0,
    });
  });

  it('K11: with every instance failing the cell reports no healthy instance', () => {
    const clock = { now: 0 };
    const checker = new HealthChecker(ids, {
      intervalMs: 1_000,
      now: () => clock.now,
    });
    const balancer = new LeastConnectionBalancer(
      ids.map((id) => ({ id, weight: 1 })),
      { isHealthy: (id) => checker.isHealthy(id), now: () => clock.now },
    );

    for (const at of [0, 1_000, 2_000]) {
      clock.now = at;
      for (const id of checker.dueForCheck()) checker.record(id, false);
    }

    expect(balancer.pick()).toBeUndefined();
    const health = checker.cellHealth();
    expect(health).toMatchObject({ state: 'failed', healthy: [] });
    // Next check in 1 s, and two passes in a row are needed.
    expect(health.retryAfterMs).toBe(2_000);

    clock.now = 3_000;
    for (const id of checker.dueForCheck()) checker.record(id, id === 'i-3');
    expect(checker.cellHealth().retryAfterMs).toBe(1_000);
    clock.now = 4_000;
    checker.record('i-3', true);
    expect(checker.cellHealth().state).toBe('degraded');
    expect(balancer.pick()?.instanceId).toBe('i-3');
  });

  it('needs consecutive results to change state', () => {
    const checker = new HealthChecker(['a'], {
      unhealthyThreshold: 3,
      healthyThreshold: 2,
      now: () => 0,
    });

    expect(
      [false, false, true, false, false, false].map((ok) =>
        checker.record('a', ok),
      ),
    ).toEqual([true, true, true, true, true, false]);
    expect(
      [true, false, true, true].map((ok) => checker.record('a', ok)),
    ).toEqual([false, false, false, true]);
  });

  it('names the instances due for a check', () => {
    const clock = { now: 0 };
    const checker = new HealthChecker(['a', 'b'], {
      intervalMs: 1_000,
      now: () => clock.now,
    });

    expect(checker.dueForCheck()).toEqual(['a', 'b']);
    checker.record('a', true);
    clock.now = 500;
    checker.record('b', true);
    clock.now = 1_000;
    expect(checker.dueForCheck()).toEqual(['a']);
  });

  it('keeps the state of instances that stay and ignores unknown ones', () => {
    const checker = new HealthChecker(['a', 'b'], { unhealthyThreshold: 1 });
    checker.record('a', false);

    checker.setInstances(['a', 'c']);
    expect(checker.isHealthy('a')).toBe(false);
    expect(checker.isHealthy('c')).toBe(true);
    expect(checker.isHealthy('b')).toBe(false);
    expect(checker.record('b', true)).toBeUndefined();
  });

  it('refuses thresholds below one', () => {
    expect(() => new HealthChecker([], { healthyThreshold: 0 })).toThrow();
    expect(() => new HealthChecker([], { intervalMs: 0 })).toThrow();
  });
});
