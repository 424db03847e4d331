import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';
import { TokenBucket } from './token-bucket';

function limiter(ratePerSecond: number, burst: number, maxKeys?: number) {
  const clock = { now: 1_000 };
  const rateLimiter = new RateLimiter({
    ratePerSecond,
    burst,
    maxKeys,
    now: () => clock.now,
  });

  return { clock, rateLimiter };
}

describe('TokenBucket', () => {
  it('allows a burst, then one request per refill interval', () => {
    const clock = { now: 0 };
    const bucket = new TokenBucket({
      ratePerSecond: 10,
      burst: 3,
      now: () => clock.now,
    });

    expect([1, 2, 3, 4].map(() => bucket.take().allowed)).toEqual([
      true,
      true,
      true,
      false,
    ]);

    clock.now = 99;
    expect(bucket.take()).toMatchObject({ allowed: false, retryAfterMs: 1 });
    clock.now = 100;
    expect(bucket.take()).toMatchObject({ allowed: true, remaining: 0 });
  });
});

describe('RateLimiter', () => {
  it('reports what the RateLimit headers need', () => {
    const { clock, rateLimiter } = limiter(100, 100);

    expect(rateLimiter.check('a')).toEqual({
      allowed: true,
      limit: 100,
      remaining: 99,
      retryAfterMs: 0,
      resetMs: 10,
    });

    for (let i = 0; i < 99; i++) rateLimiter.check('a');
    expect(rateLimiter.check('a')).toEqual({
      allowed: false,
      limit: 100,
      remaining: 0,
      retryAfterMs: 10,
      resetMs: 1_000,
    });

    clock.now += 500;
    expect(rateLimiter.check('a')).toMatchObject({
      allowed: true,
      remaining: 49,
      resetMs: 510,
    });
  });

  it('keeps keys apart', () => {
    const { rateLimiter } = limiter(1, 1);

    expect(rateLimiter.check('tenant-a').allowed).toBe(true);
    expect(rateLimiter.check('tenant-a').allowed).toBe(false);
    expect(rateLimiter.check('tenant-b').allowed).toBe(true);
  });

  it('never refills past the burst, and a clock step back mints nothing', () => {
    const { clock, rateLimiter } = limiter(10, 2);

    clock.now += 60_000;
    expect(rateLimiter.check('a').remaining).toBe(1);
    rateLimiter.check('a');
    clock.now -= 10_000;
    expect(rateLimiter.check('a').allowed).toBe(false);
    clock.now += 10_100;
    expect(rateLimiter.check('a').allowed).toBe(true);
  });

  it('holds at most maxKeys keys, dropping idle full buckets first', () => {
    const { clock, rateLimiter } = limiter(1, 2, 100);

    // A busy client, then a flood of one-off addresses that refill.
    rateLimiter.check('busy');
    rateLimiter.check('busy');
    for (let i = 0; i < 1_000; i++) {
      rateLimiter.check(`flood-${i}`);
      clock.now += 10;
      expect(rateLimiter.size).toBeLessThanOrEqual(100);
    }

    // flood-* buckets refill within a second; 'busy' had none left, and
    // the last sweep ran while it was still refilling.
    expect(rateLimiter.size).toBeLessThanOrEqual(100);
  });

  it('keeps busy keys when evicting and only drops them beyond maxKeys', () => {
    const { rateLimiter } = limiter(0.001, 1, 10);

    // Nothing refills: every key stays busy; the oldest go first.
    for (let i = 0; i < 11; i++) rateLimiter.check(`k-${i}`);
    expect(rateLimiter.size).toBe(9);
    expect(rateLimiter.check('k-10').allowed).toBe(false);
    expect(rateLimiter.check('k-0').allowed).toBe(true);
  });

  it('refuses a non-positive rate, a burst below one and a zero key bound', () => {
    expect(() => new RateLimiter({ ratePerSecond: 0, burst: 1 })).toThrow();
    expect(() => new RateLimiter({ ratePerSecond: 1, burst: 0.5 })).toThrow();
    expect(
      () => new RateLimiter({ ratePerSecond: 1, burst: 1, maxKeys: 0 }),
    ).toThrow();
  });
});
