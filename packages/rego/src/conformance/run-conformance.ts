import { loadCases, loadWasmExceptions } from './load-cases';
import { runCase, type CaseOutcome } from './run-case';

export interface ConformanceReport {
  passed: number;
  failed: number;
  skipped: number;
  byDir: Map<string, { passed: number; failed: number; skipped: number }>;
  failures: { note: string; reason: string }[];
  skips: { note: string; reason: string }[];
  /** Skipped cases missing from the expected list: the list only shrinks. */
  unexpectedSkips: string[];
  text: string;
}

/** Runs every case under `root`, with a text report. */
export async function runConformance(
  root: string,
  options: { filter?: string | undefined; expectedSkips?: Set<string> } = {},
): Promise<ConformanceReport> {
  const cases = loadCases(root).filter(
    (c) => !options.filter || c.note.startsWith(options.filter),
  );
  const exceptions = loadWasmExceptions(root);
  const byDir = new Map<
    string,
    { passed: number; failed: number; skipped: number }
  >();
  const failures: { note: string; reason: string }[] = [];
  const skips: { note: string; reason: string }[] = [];

  for (const c of cases) {
    let outcome: CaseOutcome;
    try {
      outcome = await runCase(c, exceptions);
    } catch (e) {
      outcome = { status: 'failed', reason: `runner: ${String(e)}` };
    }
    const counts = byDir.get(c.dir) ?? { passed: 0, failed: 0, skipped: 0 };
    counts[outcome.status]++;
    byDir.set(c.dir, counts);
    if (outcome.status === 'failed')
      failures.push({ note: c.note, reason: outcome.reason });
    if (outcome.status === 'skipped')
      skips.push({ note: c.note, reason: outcome.reason });
  }

  const total = { passed: 0, failed: 0, skipped: 0 };
  const lines: string[] = [];
  for (const [dir, n] of [...byDir].sort(([a], [b]) => a.localeCompare(b))) {
    total.passed += n.passed;
    total.failed += n.failed;
    total.skipped += n.skipped;
    lines.push(
      `${dir.padEnd(40)} passed ${n.passed}  failed ${n.failed}  skipped ${n.skipped}`,
    );
  }
  const unexpectedSkips = options.expectedSkips
    ? skips.map((s) => s.note).filter((n) => !options.expectedSkips?.has(n))
    : [];
  lines.push('');
  for (const s of skips) lines.push(`SKIP ${s.note}: ${s.reason}`);
  for (const f of failures)
    lines.push(`FAIL ${f.note}: ${f.reason.slice(0, 400)}`);
  for (const n of unexpectedSkips)
    lines.push(`NEW SKIP (not in expected-skips.txt) ${n}`);
  lines.push('');
  lines.push(
    `total: passed ${total.passed}  failed ${total.failed}  skipped ${total.skipped}  (${cases.length} cases)`,
  );

  return {
    ...total,
    byDir,
    failures,
    skips,
    unexpectedSkips,
    text: `${lines.join('\n')}\n`,
  };
}
