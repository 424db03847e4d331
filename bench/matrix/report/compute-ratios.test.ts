import { describe, expect, it } from 'vitest';

import type { BenchResult } from './bench-result';
import { computeRatios } from './compute-ratios';
import { measuredResult } from './measured-result-fixture';

const measured = (rps: number, cpu: number | null) =>
  measuredResult(rps, { cpu_us_per_req: cpu });

describe('computeRatios', () => {
  const configurations: BenchResult['configurations'] = {
    direct: measured(40_000, 20),
    nginx: measured(20_000, 22),
    fastify_reply_from: measured(6_500, 120),
    gateway: measured(10_000, 70),
    gateway_full: measured(8_500, 90),
    gateway_full_unique_tokens: {
      status: 'not yet measured: x',
      description: '',
    },
    haproxy_full: measured(17_000, 45),
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

  it('compares the full gateway with the plain one and with HAProxy', () => {
    const ratios = computeRatios(configurations);

    expect(ratios['gateway_full/gateway']).toEqual({
      rps: 0.85,
      cpu_us_per_req: 1.286,
    });
    expect(ratios['gateway_full/haproxy_full']!.rps).toBe(0.5);
    expect(ratios['gateway_full_unique_tokens/gateway']!.rps).toBeNull();
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
