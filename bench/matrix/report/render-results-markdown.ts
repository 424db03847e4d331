import {
  isMeasured,
  type BenchResult,
  type MeasuredResult,
} from './bench-result';

/**
 * The generated part of docs/BENCHMARKS.md: the run's command, machine and
 * load, then one table per measure. Every figure comes from `result`.
 */
export function renderResultsMarkdown(result: BenchResult): string {
  const measured = Object.entries(result.configurations).filter(
    (entry): entry is [string, MeasuredResult] => isMeasured(entry[1]),
  );
  const pending = Object.entries(result.configurations).filter(
    ([, each]) => !isMeasured(each),
  );
  const m = result.machine;
  const method = result.method;

  const lines = [
    '### Latest run',
    '',
    `- Command: \`${result.command}\``,
    `- Date: ${result.date} (the bench took ${result.duration_s} s)`,
    `- Machine: ${m.nproc} CPUs (\`nproc\`), ${m.cpuModel}, Node ${m.node}, ` +
      `Linux ${m.kernel}, ${m.wrk}`,
    `- Code: commit \`${result.source.commit.slice(0, 12)}\`` +
      (result.source.uncommitted.length === 0
        ? ', no uncommitted changes'
        : ` plus uncommitted changes to ${result.source.uncommitted
            .map((path) => `\`${path}\``)
            .join(', ')}`),
    `- Load average (1 / 5 / 15 min): ${m.loadAverageStart.join(' / ')} at ` +
      `the start, ${m.loadAverageEnd.join(' / ')} at the end`,
    `- Closed loop: ${String(method.closedLoop)}`,
    `- Open loop: ${String(method.openLoop)}`,
    `- Pinning: ${String(method.pinning)}`,
    `- Requests: ${String(method.requests)}`,
    ...(method.tokens === undefined
      ? []
      : [`- Tokens: ${String(method.tokens)}`]),
    '',
    '#### Goals (issues 3 and 4)',
    '',
    '| issue | figure | goal | this run | pass |',
    '| ---: | --- | ---: | ---: | --- |',
    ...result.goals.map(
      (g) =>
        `| ${g.issue} | ${g.figure} | ${g.goal} ${g.unit} | ` +
        `${g.value === null ? 'n/a' : `${fmtFigure(g.value, g.unit)} ${g.unit}`} | ` +
        `${g.pass === null ? 'not judged' : g.pass ? 'pass' : 'FAIL'}` +
        `${g.note === undefined ? '' : ` (${g.note})`} |`,
    ),
    '',
    '#### Throughput (closed loop, medians)',
    '',
    '| configuration | req/s (min–max) | p50 ms | p99 ms | CPU µs/req | of | cell-app CPU µs/req | RSS MB (max per process) | errors |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...measured.map(
      ([name, r]) =>
        `| ${name} | ${fmt(r.rps, 0)} (${fmt(r.rps_min, 0)}–${fmt(r.rps_max, 0)}) | ` +
        `${fmt(r.p50_ms, 2)} | ${fmt(r.p99_ms, 2)} | ` +
        `${fmt(r.cpu_us_per_req, 1)} | ${r.measured_processes} | ` +
        `${fmt(r.upstream_cpu_us_per_req, 1)} | ${fmt(r.rss_mb, 1)} ` +
        `(${fmt(r.rss_mb_max_process, 1)}) | ${r.errors} |`,
    ),
    '',
    '#### Latency each hop adds (open loop, fixed rate, medians over the rounds)',
    '',
    '| configuration | rate req/s | rate / capacity | p50 ms | p99 ms | added p50 ms | added p99 ms | non-2xx + errors | client send lag p50 / p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.map(([name, r]) => {
      const o = r.open_loop;
      if (o === null) return `| ${name} | not measured | | | | | | | |`;

      return (
        `| ${name} | ${fmt(o.rate_rps, 0)} | ${fmt(o.load_fraction, 2)} | ` +
        `${fmt(o.p50_ms, 3)} | ${fmt(o.p99_ms, 3)} | ` +
        `${r.added_latency_ms ? fmt(r.added_latency_ms.p50, 3) : '(baseline)'} | ` +
        `${r.added_latency_ms ? fmt(r.added_latency_ms.p99, 3) : '(baseline)'} | ` +
        `${o.non_2xx + o.errors} | ${fmt(o.client_send_lag_p50_ms, 3)} / ${fmt(o.client_send_lag_p99_ms, 3)} |`
      );
    }),
    '',
    '#### Ratios',
    '',
    '| ratio | req/s | CPU µs/req |',
    '| --- | ---: | ---: |',
    ...Object.entries(result.ratios).map(
      ([name, r]) =>
        `| ${name} | ${fmt(r.rps, 3)} | ${fmt(r.cpu_us_per_req, 3)} |`,
    ),
    '',
    ...policySection(result),
    '#### Configuration details',
    '',
    ...measured.map(
      ([name, r]) =>
        `- \`${name}\`: ${r.description}` +
        (Object.keys(r.details).length === 0
          ? ''
          : `; ${Object.entries(r.details)
              .map(([key, value]) => `${key}: ${value}`)
              .join('; ')}`),
    ),
    '',
    ...(pending.length === 0
      ? []
      : [
          '#### Not yet measured',
          '',
          ...pending.map(([name, r]) => `- \`${name}\`: ${r!.status}`),
          '',
        ]),
    '#### Every run',
    '',
    '| configuration | run | req/s | p50 ms | p99 ms | CPU µs/req | cell-app CPU µs/req | requests | fresh tokens | non-2xx | socket errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.flatMap(([name, r]) =>
      r.runs.map(
        (run, i) =>
          `| ${name} | ${i + 1} | ${fmt(run.rps, 0)} | ${fmt(run.p50_ms, 2)} | ` +
          `${fmt(run.p99_ms, 2)} | ${fmt(run.cpu_us_per_req, 1)} | ` +
          `${fmt(run.upstream_cpu_us_per_req, 1)} | ${run.requests} | ` +
          `${run.fresh_tokens} | ` +
          `${run.non_2xx} | ${run.socket_errors} |`,
      ),
    ),
    '',
    '#### Every open-loop window',
    '',
    '| configuration | round | p50 ms | p99 ms | max ms | added p50 ms | added p99 ms | completed | non-2xx + errors | client send lag p50 / p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.flatMap(([name, r]) =>
      (r.open_loop?.windows ?? []).map(
        (w, i) =>
          `| ${name} | ${i + 1} | ${fmt(w.p50_ms, 3)} | ${fmt(w.p99_ms, 3)} | ` +
          `${fmt(w.max_ms, 1)} | ` +
          `${w.added_p50_ms === null ? '(baseline)' : fmt(w.added_p50_ms, 3)} | ` +
          `${w.added_p99_ms === null ? '(baseline)' : fmt(w.added_p99_ms, 3)} | ` +
          `${w.completed} | ${w.non_2xx + w.errors} | ` +
          `${fmt(w.client_send_lag_p50_ms, 3)} / ${fmt(w.client_send_lag_p99_ms, 3)} |`,
      ),
    ),
  ];

  return `${lines.join('\n')}\n`;
}

/** Issue 3's in-process figures, when they were measured. */
function policySection(result: BenchResult): string[] {
  const p = result.policy;
  if (p === null) {
    return ['#### Policy (issue 3)', '', 'Not measured in this run.', ''];
  }
  const e = p.evaluation;
  const c = p.compile;

  return [
    '#### Policy (issue 3)',
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| default policy (\`${e.entrypoint}\`): evaluations after ${fmt(e.warmup, 0)} warm-up | ${fmt(e.evaluations, 0)} |`,
    `| p50 per decision (PolicyEvaluator.evaluate) | ${fmt(e.p50Us, 2)} µs |`,
    `| p99 per decision | ${fmt(e.p99Us, 2)} µs |`,
    `| slowest decision | ${fmt(e.maxUs, 2)} µs |`,
    `| allowed / wrong answers / errors | ${fmt(e.allowed, 0)} / ${e.wrongAnswers} / ${e.errors} |`,
    `| wasm memory pages before / after | ${e.wasmPagesBefore} / ${e.wasmPagesAfter} |`,
    `| default policy: policy.wasm / bundle | ${fmt(e.moduleBytes, 0)} / ${fmt(e.bundleBytes, 0)} bytes |`,
    `| ${c.lines}-line policy: first compile / median of next ten | ${fmt(c.firstCompileMs, 0)} / ${fmt(c.medianCompileMs, 0)} ms |`,
    `| ${c.lines}-line policy: module size (${c.functions} functions) | ${fmt(c.moduleBytes, 0)} bytes |`,
    '',
  ];
}

/** A goal's figure: whole numbers as such, others by their unit. */
function fmtFigure(value: number, unit: string): string {
  return fmt(value, Number.isInteger(value) ? 0 : (DIGITS_OF[unit] ?? 2));
}

/** Decimals a goal's figure is shown with, by its unit. */
const DIGITS_OF: Readonly<Record<string, number>> = {
  '×': 3,
  ms: 3,
  µs: 1,
  MB: 1,
  pages: 0,
};

function fmt(value: number | null, digits: number): string {
  if (value === null) return 'n/a';

  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
