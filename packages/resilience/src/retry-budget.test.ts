import { describe, expect, it } from 'vitest';
import { RetryBudget } from './retry-budget';

describe('RetryBudget', () => {
  it('allows retries up to 20 % of requests plus the floor', () => {
    const budget = new RetryBudget({ minRetriesPerWindow: 3, now: () => 0 });

    for (let i = 0; i < 100; i++) budget.recordRequest();
    const granted = Array.from({ length: 40 }, () => budget.tryRetry());

    expect(granted.filter(Boolean)).toHaveLength(23);
    expect(granted.slice(23).some(Boolean)).toBe(false);
    expect(budget.snapshot()).toEqual({
      requests: 100,
      retries: 23,
      available: 0,
    });
  });

  it('allows the floor with no traffic at all', () => {
    const budget = new RetryBudget({ now: () => 0 });
    const granted = Array.from({ length: 20 }, () => budget.tryRetry());

    expect(granted.filter(Boolean)).toHaveLength(10);
  });

  it('refills as old requests and retries leave the window', () => {
    const clock = { now: 0 };
    const budget = new RetryBudget({
      minRetriesPerWindow: 0,
      now: () => clock.now,
    });
    for (let i = 0; i < 10; i++) budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);

    clock.now = 10_000;
    expect(budget.tryRetry()).toBe(false);
    for (let i = 0; i < 5; i++) budget.recordRequest();
    expect(budget.tryRetry()).toBe(true);
    expect(budget.tryRetry()).toBe(false);
  });

  it('keeps retries at or below a fifth of the load under sustained failure', () => {
    const clock = { now: 0 };
    const budget = new RetryBudget({ now: () => clock.now });
    let requests = 0;
    let retries = 0;

    // Every request fails and asks for a retry, for a minute.
    for (clock.now = 0; clock.now < 60_000; clock.now += 10) {
      budget.recordRequest();
      requests++;
      if (budget.tryRetry()) retries++;
    }

    expect(retries / requests).toBeLessThanOrEqual(0.2 + 10 / 1_000);
    expect(retries / requests).toBeGreaterThan(0.15);
  });

  it('refuses a negative ratio or floor', () => {
    expect(() => new RetryBudget({ ratio: -0.1 })).toThrow();
    expect(() => new RetryBudget({ minRetriesPerWindow: -1 })).toThrow();
  });
});
