import { describe, expect, it } from 'vitest';

import type { BenchResult, MeasuredResult } from './bench-result';
import { computeRatios } from './compute-ratios';

const measured = (rps: number, cpu: number | null): MeasuredResult => ({
  status: 'measured',
  description: '',
  measured_processes: '',
  details: {},
  rps,
  rps_min: rps,
  rps_max: rps,
  p50_ms: 1,
  p99_ms: 2,
  cpu_us_per_req: cpu,
  upstream_cpu_us_per_req: null,
  rss_mb: 1,
  rss_mb_max_process: 1,
  errors: 0,
  open_loop: null,
  added_latency_ms: null,
  runs: [],
});

describe('computeRatios', () => {
  const configurations: BenchResult['configurations'] = {
    direct: measured(40_000, 20),
    nginx: measured(20_000, 22),
    fastify_reply_from: measured(6_500, 120),
    gateway: measured(10_000, 70),
    gateway_full: { status: 'not yet measured: x', description: '' },
  };

  it('gives gateway over direct, nginx and fastify for req/s and CPU', () => {
    const ratios = computeRatios(configurations);

    expect(ratios['gateway/direct']).toEqual({
      rps: 0.25,
      cpu_us_per_req: 3.5,
    });
    expect(ratios['gateway/nginx']).toEqual({
      rps: 0.5,
      cpu_us_per_req: 3.182,
    });
    expect(ratios['gateway/fastify_reply_from']!.rps).toBe(1.538);
  });

  it('gives nulls when a side was not measured', () => {
    const { gateway: _gateway, ...withoutGateway } = configurations;
    const ratios = computeRatios(withoutGateway);

    expect(ratios['gateway/nginx']).toEqual({
      rps: null,
      cpu_us_per_req: null,
    });
    expect(ratios['nginx/direct']!.rps).toBe(0.5);
  });
});
