import { describe, expect, it } from 'vitest';

import type { BenchResult, MeasuredResult } from './bench-result';
import { renderResultsMarkdown } from './render-results-markdown';

const window = {
  completed: 5000,
  non_2xx: 0,
  errors: 0,
  p50_ms: 0.9,
  p99_ms: 3.1,
  max_ms: 9,
  client_send_lag_p50_ms: 0.05,
  client_send_lag_p99_ms: 0.2,
};

const measured = (rps: number, added: MeasuredResult['added_latency_ms']) =>
  ({
    status: 'measured',
    description: '',
    measured_processes: 'gateway process',
    details: {},
    rps,
    rps_min: rps - 100,
    rps_max: rps + 100,
    p50_ms: 1.234,
    p99_ms: 5.678,
    cpu_us_per_req: 71.5,
    upstream_cpu_us_per_req: 160.2,
    rss_mb: 80.4,
    rss_mb_max_process: 80.4,
    errors: 0,
    open_loop: {
      ...window,
      rate_rps: 1000,
      duration_s: 5,
      load_fraction: 0.25,
      windows: [
        {
          ...window,
          added_p50_ms: added?.p50 ?? null,
          added_p99_ms: added?.p99 ?? null,
        },
      ],
    },
    added_latency_ms: added,
    runs: [],
  }) satisfies MeasuredResult;

const result: BenchResult = {
  schema: 1,
  command: 'npm run bench',
  date: '2026-12-04T18:00:00.000Z',
  duration_s: 200,
  source: {
    commit: '0123456789abcdef0123',
    uncommitted: ['apps/gateway/src/main.ts'],
  },
  machine: {
    nproc: 2,
    cpuModel: 'Intel(R) Xeon(R) Processor',
    node: 'v20.20.2',
    kernel: '6.1',
    wrk: 'wrk 4.1.0',
    loadAverageStart: [12.5, 14, 13.8],
    loadAverageEnd: [15, 14.7, 14],
  },
  method: {
    closedLoop: 'wrk',
    openLoop: 'fixed clock',
    pinning: 'cpu 0 / cpu 1',
    requests: 'GET /catalog',
  },
  configurations: {
    direct: measured(4000, null),
    gateway: measured(2000, { p50: 0.123, p99: 0.456 }),
    gateway_full: {
      status: 'not yet measured: no JWT yet',
      description: '',
    },
  },
  ratios: { 'gateway/direct': { rps: 0.5, cpu_us_per_req: null } },
  policy: {
    evaluation: {
      entrypoint: 'cellplane/authz/allow',
      bundleBytes: 31_102,
      moduleBytes: 69_462,
      evaluations: 100_000,
      warmup: 10_000,
      p50Us: 7.9,
      p99Us: 23.87,
      maxUs: 5_500,
      allowed: 90_000,
      wrongAnswers: 0,
      errors: 0,
      wasmPagesBefore: 5,
      wasmPagesAfter: 5,
    },
    compile: {
      lines: 292,
      firstCompileMs: 587,
      medianCompileMs: 86,
      moduleBytes: 88_537,
      functions: 27,
    },
  },
  goals: [
    {
      issue: 4,
      figure: 'gateway req/s over nginx',
      goal: '≥ 0.5',
      value: 0.4641,
      unit: '×',
      pass: false,
    },
    {
      issue: 3,
      figure: 'gateway_full req/s over gateway_full_no_policy',
      goal: '≥ 0.9',
      value: null,
      unit: '×',
      pass: null,
      note: 'policy not yet wired',
    },
  ],
};

describe('renderResultsMarkdown', () => {
  const markdown = renderResultsMarkdown(result);

  it('states the command, the machine and its load', () => {
    expect(markdown).toContain('- Command: `npm run bench`');
    expect(markdown).toContain('2 CPUs (`nproc`), Intel(R) Xeon(R) Processor');
    expect(markdown).toContain('Node v20.20.2');
    expect(markdown).toContain('12.5 / 14 / 13.8 at the start');
  });

  it('names the commit measured and any uncommitted change to it', () => {
    expect(markdown).toContain(
      '- Code: commit `0123456789ab` plus uncommitted changes to `apps/gateway/src/main.ts`',
    );
  });

  it('has a throughput row per measured configuration, with the spread', () => {
    expect(markdown).toContain(
      '| gateway | 2,000 (1,900–2,100) | 1.23 | 5.68 | 71.5 | gateway process | 160.2 | 80.4 (80.4) | 0 |',
    );
  });

  it('lists every open-loop window with its own difference from direct', () => {
    expect(markdown).toContain(
      '| gateway | 1 | 0.900 | 3.100 | 9.0 | 0.123 | 0.456 | 5000 | 0 | 0.050 / 0.200 |',
    );
    expect(markdown).toMatch(
      /\| direct \| 1 \| .*\(baseline\) \| \(baseline\)/,
    );
  });

  it('shows added latency over direct, and direct as the baseline', () => {
    expect(markdown).toMatch(/\| direct \| 1,000 \| 0\.25 \| .*\(baseline\)/);
    expect(markdown).toContain('| 0.123 | 0.456 |');
  });

  it('marks each goal pass, FAIL or not judged, with its note', () => {
    expect(markdown).toContain(
      '| 4 | gateway req/s over nginx | ≥ 0.5 × | 0.464 × | FAIL |',
    );
    expect(markdown).toContain(
      '| 3 | gateway_full req/s over gateway_full_no_policy | ≥ 0.9 × | n/a | not judged (policy not yet wired) |',
    );
  });

  it("states issue 3's policy figures", () => {
    expect(markdown).toContain('| p99 per decision | 23.87 µs |');
    expect(markdown).toContain('| wasm memory pages before / after | 5 / 5 |');
    expect(markdown).toContain(
      '| 292-line policy: first compile / median of next ten | 587 / 86 ms |',
    );
  });

  it('prints a missing ratio as n/a and lists what is not yet measured', () => {
    expect(markdown).toContain('| gateway/direct | 0.500 | n/a |');
    expect(markdown).toContain(
      '- `gateway_full`: not yet measured: no JWT yet',
    );
  });
});
