import type { PolicyFigures } from '../../policy/policy-figures';
import {
  isMeasured,
  type BenchResult,
  type MeasuredResult,
  type RatioSet,
} from './bench-result';

/** One goal of issue 3 or 4 against the figure this run measured. */
export interface GoalCheck {
  readonly issue: 3 | 4;
  readonly figure: string;
  /** The goal as the issue states it, e.g. `≥ 0.5`. */
  readonly goal: string;
  readonly value: number | null;
  readonly unit: string;
  /** null: not measured (or not meaningful), never a guessed mark. */
  readonly pass: boolean | null;
  readonly note?: string;
}

/** Largest resident size of one gateway process, issue 4's memory goal. */
const MAX_WORKER_RSS_MB = 128;

const GATEWAY_CONFIGURATIONS = [
  'gateway',
  'gateway_full',
  'gateway_full_unique_tokens',
  'gateway_full_no_policy',
] as const;

/**
 * The goals of issue 4 ("Speed and cores") and issue 3 ("Figures"),
 * checked against `result`. A goal whose figure is missing gets
 * `pass: null`; the authorization on/off ratio is only judged when the
 * gateway really enforced the policy (probed at start), and added latency
 * only when the open-loop run could resolve it (addedLatencyGoals).
 */
export function evaluateGoals(
  result: Pick<BenchResult, 'configurations' | 'ratios' | 'policy'>,
): GoalCheck[] {
  const c = result.configurations;
  const ratio = (name: string): number | null =>
    (result.ratios[name] as RatioSet | undefined)?.rps ?? null;
  const measured = (name: keyof typeof c): MeasuredResult | undefined => {
    const each = c[name];

    return isMeasured(each) ? each : undefined;
  };
  const atLeast = (value: number | null, goal: number) =>
    value === null ? null : value >= goal;
  const atMost = (value: number | null, goal: number) =>
    value === null ? null : value <= goal;

  const gateway = measured('gateway');
  const full = measured('gateway_full');
  const policyEnforced = String(full?.details.policy ?? '').includes(
    'enforced',
  );
  const rssValues = GATEWAY_CONFIGURATIONS.flatMap((name) => {
    const each = measured(name);

    return each ? [each.rss_mb_max_process] : [];
  });
  const rss = rssValues.length === 0 ? null : Math.max(...rssValues);
  const policy: PolicyFigures | null = result.policy;
  const pages = policy?.evaluation;

  const goals: GoalCheck[] = [
    {
      issue: 4,
      figure: 'gateway req/s over nginx',
      goal: '≥ 0.5',
      value: ratio('gateway/nginx'),
      unit: '×',
      pass: atLeast(ratio('gateway/nginx'), 0.5),
    },
    {
      issue: 4,
      figure: 'gateway req/s over fastify_reply_from',
      goal: '≥ 1.5',
      value: ratio('gateway/fastify_reply_from'),
      unit: '×',
      pass: atLeast(ratio('gateway/fastify_reply_from'), 1.5),
    },
    {
      issue: 4,
      figure: 'gateway CPU per request',
      goal: '≤ 75',
      value: gateway?.cpu_us_per_req ?? null,
      unit: 'µs',
      pass: atMost(gateway?.cpu_us_per_req ?? null, 75),
    },
    {
      issue: 4,
      figure: 'gateway_full req/s over gateway',
      goal: '≥ 0.85',
      value: ratio('gateway_full/gateway'),
      unit: '×',
      pass: atLeast(ratio('gateway_full/gateway'), 0.85),
    },
    {
      issue: 4,
      figure: 'gateway_full_unique_tokens req/s over gateway',
      goal: '≥ 0.5',
      value: ratio('gateway_full_unique_tokens/gateway'),
      unit: '×',
      pass: atLeast(ratio('gateway_full_unique_tokens/gateway'), 0.5),
    },
    ...addedLatencyGoals('gateway', gateway, measured('direct'), 0.25, 1),
    ...addedLatencyGoals('gateway_full', full, measured('direct'), 0.4, 1.5),
    {
      issue: 4,
      figure: 'largest gateway process RSS after the run',
      goal: `≤ ${MAX_WORKER_RSS_MB}`,
      value: rss,
      unit: 'MB',
      pass: atMost(rss, MAX_WORKER_RSS_MB),
    },
    {
      issue: 3,
      figure: 'default policy evaluation p99',
      goal: '≤ 20',
      value: pages?.p99Us ?? null,
      unit: 'µs',
      pass: atMost(pages?.p99Us ?? null, 20),
    },
    {
      issue: 3,
      figure: 'compile time of the ~300-line policy (first compile)',
      goal: '< 2000',
      value: policy?.compile.firstCompileMs ?? null,
      unit: 'ms',
      pass: policy === null ? null : policy.compile.firstCompileMs < 2000,
    },
    {
      issue: 3,
      figure: 'gateway_full req/s over gateway_full_no_policy',
      goal: '≥ 0.9',
      value: ratio('gateway_full/gateway_full_no_policy'),
      unit: '×',
      pass: policyEnforced
        ? atLeast(ratio('gateway_full/gateway_full_no_policy'), 0.9)
        : null,
      ...(policyEnforced
        ? {}
        : {
            note: 'policy not yet wired in the gateway: on and off ran alike',
          }),
    },
    {
      issue: 3,
      figure: 'wasm memory pages after 100,000 evaluations, over before',
      goal: '= 0',
      value:
        pages === undefined
          ? null
          : pages.wasmPagesAfter - pages.wasmPagesBefore,
      unit: 'pages',
      pass:
        pages === undefined
          ? null
          : pages.wasmPagesAfter === pages.wasmPagesBefore,
      ...(pages === undefined
        ? {}
        : {
            note: `${pages.wasmPagesBefore} before, ${pages.wasmPagesAfter} after`,
          }),
    },
  ];

  return goals;
}

function addedLatencyGoals(
  name: string,
  result: MeasuredResult | undefined,
  direct: MeasuredResult | undefined,
  p50: number,
  p99: number,
): GoalCheck[] {
  const added = result?.added_latency_ms ?? null;
  const loadFraction = result?.open_loop?.load_fraction ?? null;
  // The figure is a difference against direct at one percentile: if the
  // open-loop client itself sent requests late by half the goal or more at
  // that percentile (its send lag, in either run), or the hop ran near its
  // capacity, the difference is the client's or the queue's, not the
  // hop's, and is not judged.
  const noteFor = (percentile: 50 | 99, goal: number): string | undefined => {
    const key = `client_send_lag_p${percentile}_ms` as const;
    const lag = Math.max(
      result?.open_loop?.[key] ?? 0,
      direct?.open_loop?.[key] ?? 0,
    );
    if (lag >= goal / 2) {
      return `the open-loop client ran ${lag} ms late at p${percentile} (send lag), half the goal or more: not resolvable in this run`;
    }
    if (loadFraction !== null && loadFraction >= 0.5) {
      return `1,000 req/s was ${loadFraction} of its closed-loop capacity: mostly queueing`;
    }

    return undefined;
  };
  const p50Note = noteFor(50, p50);
  const p99Note = noteFor(99, p99);
  const check = (value: number | null, goal: number, note?: string) =>
    value === null || note !== undefined ? null : value <= goal;

  return [
    {
      issue: 4,
      figure: `${name} added latency p50 at 1,000 req/s`,
      goal: `≤ ${p50}`,
      value: added?.p50 ?? null,
      unit: 'ms',
      pass: check(added?.p50 ?? null, p50, p50Note),
      ...(p50Note === undefined ? {} : { note: p50Note }),
    },
    {
      issue: 4,
      figure: `${name} added latency p99 at 1,000 req/s`,
      goal: `≤ ${p99}`,
      value: added?.p99 ?? null,
      unit: 'ms',
      pass: check(added?.p99 ?? null, p99, p99Note),
      ...(p99Note === undefined ? {} : { note: p99Note }),
    },
  ];
}
