import { describe, expect, it } from 'vitest';

import type { PolicyFigures } from '../../policy/policy-figures';
import type { BenchResult, MeasuredResult } from './bench-result';
import { computeRatios } from './compute-ratios';
import { evaluateGoals } from './evaluate-goals';
import { measuredResult } from './measured-result-fixture';

const measured = (rps: number, more: Partial<MeasuredResult> = {}) =>
  measuredResult(rps, { added_latency_ms: { p50: 0.2, p99: 0.9 }, ...more });

const policy: PolicyFigures = {
  evaluation: {
    entrypoint: 'cellplane/authz/allow',
    bundleBytes: 1,
    moduleBytes: 1,
    evaluations: 100_000,
    warmup: 10_000,
    p50Us: 5,
    p99Us: 19,
    maxUs: 100,
    allowed: 1,
    wrongAnswers: 0,
    errors: 0,
    wasmPagesBefore: 5,
    wasmPagesAfter: 6,
  },
  compile: {
    lines: 292,
    firstCompileMs: 1_999,
    medianCompileMs: 90,
    moduleBytes: 1,
    functions: 1,
  },
};

function goalsOf(
  configurations: BenchResult['configurations'],
  figures: PolicyFigures | null = policy,
) {
  const goals = evaluateGoals({
    configurations,
    ratios: computeRatios(configurations),
    policy: figures,
  });

  return new Map(goals.map((g) => [g.figure, g]));
}

describe('evaluateGoals', () => {
  const enforced = { policy: 'policies/default enforced (403)' };
  const base: BenchResult['configurations'] = {
    nginx: measured(10_000),
    fastify_reply_from: measured(3_000),
    gateway: measured(5_000),
    gateway_full: measured(4_250, {
      details: enforced,
      added_latency_ms: { p50: 0.5, p99: 1 },
    }),
    gateway_full_unique_tokens: measured(2_400, { rss_mb_max_process: 129 }),
    gateway_full_no_policy: measured(5_000),
  };

  it('passes a figure exactly at its goal and fails one just beyond', () => {
    const goals = goalsOf(base);

    expect(goals.get('gateway req/s over nginx')!.pass).toBe(true);
    expect(goals.get('gateway req/s over fastify_reply_from')!.pass).toBe(true);
    expect(goals.get('gateway_full req/s over gateway')!.pass).toBe(true);
    expect(
      goals.get('gateway_full_unique_tokens req/s over gateway')!.pass,
    ).toBe(false);
    expect(goals.get('gateway CPU per request')!.pass).toBe(true);
  });

  it('judges added latency against each configuration its own goal', () => {
    const goals = goalsOf(base);

    expect(goals.get('gateway added latency p50 at 1,000 req/s')!.pass).toBe(
      true,
    );
    expect(
      goals.get('gateway_full added latency p50 at 1,000 req/s')!.pass,
    ).toBe(false);
    expect(
      goals.get('gateway_full added latency p99 at 1,000 req/s')!.pass,
    ).toBe(true);
  });

  it('judges each added-latency percentile against the client lag at that percentile', () => {
    const openLoop = (lagP50: number, lagP99: number) => ({
      rate_rps: 1000,
      duration_s: 5,
      completed: 5000,
      non_2xx: 0,
      errors: 0,
      p50_ms: 1,
      p99_ms: 2,
      max_ms: 3,
      client_send_lag_p50_ms: lagP50,
      client_send_lag_p99_ms: lagP99,
      load_fraction: 0.3,
      windows: [],
    });
    const goals = goalsOf({
      ...base,
      direct: measured(6_000, { open_loop: openLoop(0.02, 0.8) }),
      gateway: measured(5_000, {
        open_loop: openLoop(0.01, 0.1),
        added_latency_ms: { p50: 0.2, p99: 0.9 },
      }),
      gateway_full: measured(4_000, {
        open_loop: openLoop(0.3, 0.2),
        added_latency_ms: { p50: 0.3, p99: 1 },
      }),
    });
    const p50 = goals.get('gateway added latency p50 at 1,000 req/s')!;
    const p99 = goals.get('gateway added latency p99 at 1,000 req/s')!;
    const fullP50 = goals.get('gateway_full added latency p50 at 1,000 req/s')!;

    expect(p50.pass).toBe(true);
    expect(p99.pass).toBeNull();
    expect(p99.note).toMatch(/0\.8 ms late at p99/);
    expect(fullP50.pass).toBeNull();
    expect(fullP50.note).toMatch(/0\.3 ms late at p50/);
  });

  it('takes the largest process of every gateway configuration for memory', () => {
    const rss = goalsOf(base).get('largest gateway process RSS after the run')!;

    expect(rss.value).toBe(129);
    expect(rss.pass).toBe(false);
  });

  it('checks the policy figures, and growing wasm memory fails', () => {
    const goals = goalsOf(base);

    expect(goals.get('default policy evaluation p99')!.pass).toBe(true);
    expect(
      goals.get('compile time of the ~300-line policy (first compile)')!.pass,
    ).toBe(true);
    const pages = goals.get(
      'wasm memory pages after 100,000 evaluations, over before',
    )!;
    expect(pages.value).toBe(1);
    expect(pages.pass).toBe(false);
    expect(
      goals.get('gateway_full req/s over gateway_full_no_policy')!.pass,
    ).toBe(false);
  });

  it('does not judge authorization on against off when the policy was not enforced', () => {
    const goals = goalsOf({
      ...base,
      gateway_full: measured(5_000, {
        details: { policy: 'policy not yet wired: ...' },
      }),
    });
    const onOff = goals.get('gateway_full req/s over gateway_full_no_policy')!;

    expect(onOff.value).toBe(1);
    expect(onOff.pass).toBeNull();
    expect(onOff.note).toMatch(/not yet wired/);
  });

  it('leaves a goal unjudged when its figure is missing', () => {
    const goals = goalsOf({ gateway: measured(5_000) }, null);

    expect(goals.get('gateway req/s over nginx')!.pass).toBeNull();
    expect(goals.get('default policy evaluation p99')!.pass).toBeNull();
  });
});
