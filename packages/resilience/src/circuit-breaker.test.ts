import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';
import type {
  BreakerStateChange,
  CircuitBreakerOptions,
} from './circuit-breaker';

function setup(options: CircuitBreakerOptions = {}) {
  const clock = { now: 0 };
  const changes: BreakerStateChange[] = [];
  const breaker = new CircuitBreaker({
    now: () => clock.now,
    onStateChange: (change) => changes.push(change),
    ...options,
  });

  return { clock, breaker, changes };
}

function failTimes(breaker: CircuitBreaker, count: number) {
  const permits = Array.from({ length: count }, () => breaker.tryAcquire());
  for (const permit of permits) permit?.failure();
}

describe('CircuitBreaker', () => {
  it('K10: a half-open stampede lets exactly one probe through', () => {
    const { clock, breaker } = setup({
      openMs: 1_000,
      minimumRequests: 6,
      probeIntervalMs: 0,
    });

    // Six concurrent requests all get permits, then all fail.
    const permits = Array.from({ length: 6 }, () => breaker.tryAcquire());
    expect(permits.every((permit) => permit !== null)).toBe(true);
    for (const permit of permits) permit!.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBeNull();

    // 1.1 s later fifty requests arrive at once.
    clock.now = 1_100;
    const stampede = Array.from({ length: 50 }, () => breaker.tryAcquire());
    const probes = stampede.filter((permit) => permit !== null);
    expect(probes).toHaveLength(1);
    expect(breaker.state).toBe('half-open');

    // The probe fails: open again, for a longer period.
    probes[0]!.failure();
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().retryAfterMs).toBe(2_000);
    clock.now = 2_000;
    expect(breaker.tryAcquire()).toBeNull();

    // It never stays open for good: the next period ends and a probe goes.
    clock.now = 3_100;
    const probe = breaker.tryAcquire();
    expect(probe).not.toBeNull();
    expect(breaker.tryAcquire()).toBeNull();
  });

  it('K10: the open period grows on each trip and stops growing at the cap', () => {
    const { clock, breaker } = setup({
      openMs: 1_000,
      maxOpenMs: 5_000,
      minimumRequests: 1,
      probeIntervalMs: 0,
    });
    failTimes(breaker, 1);

    const periods: number[] = [];
    for (let trip = 0; trip < 6; trip++) {
      const period = breaker.snapshot().retryAfterMs;
      periods.push(period);
      clock.now += period;
      const probe = breaker.tryAcquire();
      expect(probe).not.toBeNull();
      probe!.failure();
    }

    expect(periods).toEqual([1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('uses the seed figures by default', () => {
    const { clock, breaker } = setup();

    // 19 failures are below the minimum volume of 20 requests.
    failTimes(breaker, 19);
    expect(breaker.state).toBe('closed');
    failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot().retryAfterMs).toBe(30_000);

    clock.now = 30_000;
    breaker.tryAcquire()!.failure();
    expect(breaker.snapshot().retryAfterMs).toBe(60_000);
  });

  it('opens at 5 % errors over the window, not below', () => {
    const { breaker } = setup();

    for (let i = 0; i < 95; i++) breaker.tryAcquire()!.success(10);
    failTimes(breaker, 4);
    expect(breaker.snapshot()).toMatchObject({
      state: 'closed',
      requests: 99,
      failures: 4,
      meanLatencyMs: 10,
    });

    // The fifth failure makes 5 of 100.
    failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('forgets outcomes older than the rolling window', () => {
    const { clock, breaker } = setup({ minimumRequests: 5 });

    failTimes(breaker, 4);
    clock.now = 10_500;
    failTimes(breaker, 1);
    expect(breaker.snapshot()).toMatchObject({ state: 'closed', requests: 1 });
  });

  it('closes after three successful probes, one per probe interval', () => {
    const { clock, breaker, changes } = setup({ minimumRequests: 1 });
    failTimes(breaker, 1);

    clock.now = 30_000;
    breaker.tryAcquire()!.success(5);
    expect(breaker.state).toBe('half-open');

    // The next probe waits for the probe interval, even though none is out.
    clock.now = 34_999;
    expect(breaker.tryAcquire()).toBeNull();
    expect(breaker.snapshot().retryAfterMs).toBe(1);
    clock.now = 35_000;
    breaker.tryAcquire()!.success(5);
    clock.now = 40_000;
    breaker.tryAcquire()!.success(5);

    expect(breaker.state).toBe('closed');
    expect(changes.map((change) => change.to)).toEqual([
      'open',
      'half-open',
      'closed',
    ]);

    // Closing resets the backoff and the window.
    expect(breaker.snapshot()).toMatchObject({ trips: 0, requests: 0 });
    failTimes(breaker, 1);
    expect(breaker.snapshot().retryAfterMs).toBe(30_000);
  });

  it('counts a probe nobody reported as failed once its timeout passes', () => {
    const { clock, breaker } = setup({ minimumRequests: 1 });
    failTimes(breaker, 1);

    clock.now = 30_000;
    const lost = breaker.tryAcquire();
    expect(lost).not.toBeNull();
    clock.now = 34_999;
    expect(breaker.state).toBe('half-open');
    clock.now = 35_000;
    expect(breaker.state).toBe('open');

    // The late report belongs to a past state and changes nothing.
    lost!.success(1);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', trips: 2 });
  });

  it('frees an abandoned probe without counting it, and keeps the probe interval', () => {
    const { clock, breaker } = setup({ minimumRequests: 1 });
    failTimes(breaker, 1);

    clock.now = 30_000;
    const probe = breaker.tryAcquire();
    expect(probe?.probe).toBe(true);
    probe!.abandon();
    probe!.failure();
    expect(breaker.snapshot()).toMatchObject({ state: 'half-open', trips: 1 });

    // No timeout reopens it: the abandoned probe no longer holds the slot.
    clock.now = 35_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()?.probe).toBe(true);
  });

  it('ignores a second report and reports from before a transition', () => {
    const { clock, breaker } = setup({ minimumRequests: 2 });

    const early = breaker.tryAcquire()!;
    const twice = breaker.tryAcquire()!;
    twice.failure();
    twice.failure();
    expect(breaker.state).toBe('closed');

    early.failure();
    expect(breaker.state).toBe('open');

    clock.now = 30_000;
    const probe = breaker.tryAcquire()!;
    // A permit from the closed state cannot close or reopen the breaker.
    early.success(1);
    expect(breaker.snapshot()).toMatchObject({
      state: 'half-open',
      consecutiveSuccesses: 0,
    });
    probe.success(1);
    expect(breaker.snapshot().consecutiveSuccesses).toBe(1);
  });

  it('runs on the time a caller passes instead of reading its clock', () => {
    const breaker = new CircuitBreaker({
      minimumRequests: 1,
      openMs: 1_000,
      now: () => {
        throw new Error('the clock must not be read');
      },
    });

    breaker.tryAcquire(0)!.failure(0);
    expect(breaker.stateAt(999)).toBe('open');
    expect(breaker.tryAcquire(999)).toBeNull();
    const probe = breaker.tryAcquire(1_000)!;
    expect(breaker.stateAt(1_000)).toBe('half-open');
    probe.success(3, 1_001);
    expect(breaker.stateAt(1_001)).toBe('half-open');
  });

  it.each([
    { failureRateThreshold: 0 },
    { failureRateThreshold: 1.5 },
    { minimumRequests: 0 },
    { openMs: -1 },
    { maxOpenMs: 10, openMs: 20 },
    { backoffMultiplier: 0.5 },
    { successesToClose: 1.5 },
    { windowBuckets: 0 },
    { probeTimeoutMs: Number.NaN },
  ])('refuses options %j', (options) => {
    expect(() => new CircuitBreaker(options)).toThrowError(
      expect.objectContaining({ code: 'RESILIENCE_INVALID_OPTIONS' }) as Error,
    );
  });
});
