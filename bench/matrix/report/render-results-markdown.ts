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
    '#### Latency each hop adds (open loop, fixed rate)',
    '',
    '| configuration | rate req/s | rate / capacity | p50 ms | p99 ms | added p50 ms | added p99 ms | non-2xx + errors | client send lag p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.map(([name, r]) => {
      const o = r.open_loop;
      if (o === null) return `| ${name} | not measured | | | | | | | |`;

      return (
        `| ${name} | ${fmt(o.rate_rps, 0)} | ${fmt(o.load_fraction, 2)} | ` +
        `${fmt(o.p50_ms, 3)} | ${fmt(o.p99_ms, 3)} | ` +
        `${r.added_latency_ms ? fmt(r.added_latency_ms.p50, 3) : '(baseline)'} | ` +
        `${r.added_latency_ms ? fmt(r.added_latency_ms.p99, 3) : '(baseline)'} | ` +
        `${o.non_2xx + o.errors} | ${fmt(o.client_send_lag_p99_ms, 3)} |`
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
    '#### Not yet measured',
    '',
    ...pending.map(([name, r]) => `- \`${name}\`: ${r!.status}`),
    '',
    '#### Every run',
    '',
    '| configuration | run | req/s | p50 ms | p99 ms | CPU µs/req | cell-app CPU µs/req | requests | non-2xx | socket errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...measured.flatMap(([name, r]) =>
      r.runs.map(
        (run, i) =>
          `| ${name} | ${i + 1} | ${fmt(run.rps, 0)} | ${fmt(run.p50_ms, 2)} | ` +
          `${fmt(run.p99_ms, 2)} | ${fmt(run.cpu_us_per_req, 1)} | ` +
          `${fmt(run.upstream_cpu_us_per_req, 1)} | ${run.requests} | ` +
          `${run.non_2xx} | ${run.socket_errors} |`,
      ),
    ),
  ];

  return `${lines.join('\n')}\n`;
}

function fmt(value: number | null, digits: number): string {
  if (value === null) return 'n/a';

  return value.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}
