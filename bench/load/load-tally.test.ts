import { describe, expect, it } from 'vitest';

import { LoadTally, type RequestOutcome } from './load-tally';
import { percentile } from './percentile';

const ok = (latencyMs: number, cell = 'use1-a'): RequestOutcome => ({
  operation: 'catalog',
  latencyMs,
  status: 200,
  cell,
});

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it.each([
    [50, 50],
    [90, 90],
    [99, 99],
    [99.5, 100],
    [100, 100],
    [0, 1],
  ])('p%s of 1..100 is %s', (p, expected) => {
    expect(percentile(oneToHundred, p)).toBe(expected);
  });

  it('handles one value and none', () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('LoadTally', () => {
  it('summarises counts, rate and latency percentiles', () => {
    const tally = new LoadTally();
    // 1..100 ms in shuffled order: the summary must sort them.
    for (let i = 0; i < 100; i += 1) tally.add(ok(((i * 37) % 100) + 1));

    const summary = tally.summarize(2_000, 8);

    expect(summary).toMatchObject({
      durationS: 2,
      concurrency: 8,
      total: 100,
      rps: 50,
      latencyMs: { p50: 50, p90: 90, p99: 99, max: 100 },
      byOperation: { catalog: 100, cart: 0, checkout: 0 },
      byStatus: { '200': 100 },
      errors: 0,
      outOfStock: 0,
      byCell: { 'use1-a': 100 },
    });
  });

  it('counts OUT_OF_STOCK apart from errors, and other failures by code', () => {
    const tally = new LoadTally();
    tally.add(ok(1, 'use1-a'));
    tally.add(ok(1, 'euc1-b'));
    tally.add({ operation: 'catalog', latencyMs: 1, status: 200 });
    tally.add({
      operation: 'checkout',
      latencyMs: 3,
      status: 409,
      code: 'OUT_OF_STOCK',
      cell: 'use1-a',
    });
    tally.add({
      operation: 'checkout',
      latencyMs: 3,
      status: 409,
      code: 'CART_EMPTY',
      cell: 'use1-a',
    });
    tally.add({
      operation: 'cart',
      latencyMs: 2,
      status: 503,
      code: 'GW_CELL_UNAVAILABLE',
    });
    tally.add({ operation: 'cart', latencyMs: 2, status: 502 });
    tally.add({
      operation: 'catalog',
      latencyMs: 5_000,
      status: 0,
      code: 'UND_ERR_HEADERS_TIMEOUT',
    });

    const summary = tally.summarize(1_000, 1);

    expect(summary.total).toBe(8);
    expect(summary.outOfStock).toBe(1);
    expect(summary.errors).toBe(4);
    expect(summary.errorsByCode).toEqual({
      CART_EMPTY: 1,
      GW_CELL_UNAVAILABLE: 1,
      HTTP_502: 1,
      UND_ERR_HEADERS_TIMEOUT: 1,
    });
    expect(summary.byStatus).toEqual({
      '0': 1,
      '200': 3,
      '409': 2,
      '502': 1,
      '503': 1,
    });
    // Answers without x-cell are NONE; no answer at all is no cell.
    expect(summary.byCell).toEqual({ NONE: 3, 'euc1-b': 1, 'use1-a': 3 });
    expect(summary.byOperation).toEqual({ catalog: 4, cart: 2, checkout: 2 });
    expect(summary.latencyMs.max).toBe(5_000);
  });

  it('keeps every latency past its initial capacity', () => {
    const tally = new LoadTally();
    for (let i = 1; i <= 50_000; i += 1) tally.add(ok(i / 1_000));

    const summary = tally.summarize(10_000, 4);

    expect(summary.total).toBe(50_000);
    expect(summary.rps).toBe(5_000);
    expect(summary.latencyMs.p50).toBe(25);
    expect(summary.latencyMs.p99).toBe(49.5);
    expect(summary.latencyMs.max).toBe(50);
  });

  it('summarises an empty run without NaN', () => {
    const summary = new LoadTally().summarize(0, 1);

    expect(summary).toMatchObject({
      total: 0,
      rps: 0,
      latencyMs: { p50: 0, p99: 0 },
    });
  });
});
