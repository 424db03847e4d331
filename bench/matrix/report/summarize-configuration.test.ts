import { describe, expect, it } from 'vitest';

import type { ClosedLoopRun } from '../measure/measure-closed-loop';
import type { OpenLoopResult } from '../measure/open-loop-result';
import {
  addedLatency,
  summarizeConfiguration,
} from './summarize-configuration';

const run = (rps: number, p50Ms: number, p99Ms: number, cpu: number | null) =>
  ({
    requests: rps * 10,
    durationS: 10,
    rps,
    p50Ms,
    p99Ms,
    maxMs: p99Ms * 2,
    non2xx: 1,
    socketErrors: 2,
    freshTokens: 0,
    cpuUsPerReq: cpu,
    upstreamCpuUsPerReq: 100,
  }) satisfies ClosedLoopRun;

const openLoop = (p50Ms: number, p99Ms: number): OpenLoopResult => ({
  rateRps: 1000,
  scheduled: 5000,
  completed: 5000,
  non2xx: 0,
  errors: 0,
  p50Ms,
  p99Ms,
  maxMs: 9,
  sendLagP50Ms: 0.05,
  sendLagP99Ms: 0.2,
});

// Direct's windows of the same three rounds.
const directWindows = [openLoop(1, 3), openLoop(0.9, 2), openLoop(1, 20)];

const measurements = {
  description: 'd',
  measuredProcesses: 'gateway process',
  details: {},
  runs: [run(1000, 3, 9, 60), run(3000, 1, 7, 80), run(2000, 2, 8, null)],
  openLoops: [openLoop(1.2, 4), openLoop(1.1, 30), openLoop(1.3, 5)],
  openLoopDurationS: 5,
  rssMb: [50.04, 60.02],
};

describe('summarizeConfiguration', () => {
  it('takes the median of each figure over the runs, each on its own', () => {
    const result = summarizeConfiguration(measurements, directWindows);

    expect(result.rps).toBe(2000);
    expect(result.p50_ms).toBe(2);
    expect(result.p99_ms).toBe(8);
    // A run without a CPU figure is left out, not counted as zero.
    expect(result.cpu_us_per_req).toBe(70);
    expect(result.runs).toHaveLength(3);
  });

  it('keeps the spread of req/s over the runs beside the median', () => {
    const result = summarizeConfiguration(measurements, null);

    expect([result.rps_min, result.rps_max]).toEqual([1000, 3000]);
  });

  it('states the open-loop rate as a share of the closed-loop capacity', () => {
    const result = summarizeConfiguration(measurements, null);

    // 1,000 req/s against a median of 2,000 req/s.
    expect(result.open_loop?.load_fraction).toBe(0.5);
  });

  it('sums memory over the measured processes and keeps the largest', () => {
    const result = summarizeConfiguration(measurements, null);

    expect(result.rss_mb).toBe(110.1);
    expect(result.rss_mb_max_process).toBe(60);
  });

  it('adds up non-2xx answers and socket errors of every run', () => {
    expect(summarizeConfiguration(measurements, null).errors).toBe(9);
  });

  it('reports latency added over direct, and none for direct itself', () => {
    const result = summarizeConfiguration(measurements, directWindows);
    const direct = summarizeConfiguration(measurements, null);

    // Per round: p50 +0.2, +0.2, +0.3 and p99 +1, +28, -15; medians.
    expect(result.added_latency_ms).toEqual({ p50: 0.2, p99: 1 });
    expect(direct.added_latency_ms).toBeNull();
  });

  it('keeps every open-loop window, with its difference from direct', () => {
    const result = summarizeConfiguration(measurements, directWindows);
    const windows = result.open_loop?.windows ?? [];

    expect(windows.map((w) => w.added_p99_ms)).toEqual([1, 28, -15]);
    expect(result.open_loop?.p99_ms).toBe(5);
    expect(result.open_loop?.completed).toBe(15_000);
  });

  it('pairs windows by round only as far as both configurations went', () => {
    const result = summarizeConfiguration(
      measurements,
      directWindows.slice(0, 1),
    );

    expect(result.added_latency_ms).toEqual({ p50: 0.2, p99: 1 });
    expect(result.open_loop?.windows[2]?.added_p99_ms).toBeNull();
  });

  it('refuses a configuration with no run rather than inventing figures', () => {
    expect(() =>
      summarizeConfiguration({ ...measurements, runs: [] }, null),
    ).toThrow();
  });
});

describe('addedLatency', () => {
  it('subtracts percentile from percentile and may be negative on noise', () => {
    expect(
      addedLatency({ p50Ms: 0.9, p99Ms: 2 }, { p50Ms: 1, p99Ms: 1.5 }),
    ).toEqual({ p50: -0.1, p99: 0.5 });
  });
});
