import { percentile } from './percentile';

export type Operation = 'catalog' | 'cart' | 'checkout';

/** What one request came back with. */
export type RequestOutcome = {
  operation: Operation;
  latencyMs: number;
  /** HTTP status, or 0 when no response arrived. */
  status: number;
  /** Error code from the body (`error.code` or `code`) or the transport. */
  code?: string;
  /** The `x-cell` response header. */
  cell?: string;
};

export type LoadSummary = {
  durationS: number;
  concurrency: number;
  total: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  byOperation: Record<Operation, number>;
  byStatus: Record<string, number>;
  /** 409 OUT_OF_STOCK: checkout refused to oversell, a business outcome. */
  outOfStock: number;
  /** Every other non-2xx answer or transport failure, by code. */
  errors: number;
  errorsByCode: Record<string, number>;
  /** Answers by the cell named in `x-cell`; NONE when the header is absent. */
  byCell: Record<string, number>;
  /**
   * Identity at the edge: tokens sent (fresh or reused), and refusals of
   * them: 401 (no or bad token), 403 (all), of which policy denials
   * (`GW_POLICY_DENIED`). Legitimate traffic expects zero refusals.
   */
  auth: {
    freshTokens: number;
    reusedTokens: number;
    unauthorized: number;
    forbidden: number;
    policyDenied: number;
  };
};

const NO_CELL = 'NONE';

// Latencies go into a growable typed array: exact percentiles, 8 bytes per
// request (a 30 s run at 10,000 RPS holds 2.4 MB).
const INITIAL_CAPACITY = 16_384;

/** Counts request outcomes as they arrive and summarises a run. */
export class LoadTally {
  private latencies = new Float64Array(INITIAL_CAPACITY);
  private count = 0;
  private readonly byOperation: Record<Operation, number> = {
    catalog: 0,
    cart: 0,
    checkout: 0,
  };
  private readonly byStatus = new Map<string, number>();
  private readonly errorsByCode = new Map<string, number>();
  private readonly byCell = new Map<string, number>();
  private outOfStock = 0;
  private freshTokens = 0;
  private reusedTokens = 0;

  /** Counts a token sent with a request: minted for it, or reused. */
  addToken(reused: boolean): void {
    if (reused) this.reusedTokens += 1;
    else this.freshTokens += 1;
  }

  add(outcome: RequestOutcome): void {
    this.addLatency(outcome.latencyMs);
    this.byOperation[outcome.operation] += 1;
    bump(this.byStatus, String(outcome.status));

    if (outcome.status > 0) bump(this.byCell, outcome.cell ?? NO_CELL);

    if (isSuccess(outcome.status)) return;
    if (outcome.status === 409 && outcome.code === 'OUT_OF_STOCK') {
      this.outOfStock += 1;
      return;
    }
    bump(this.errorsByCode, outcome.code ?? `HTTP_${outcome.status}`);
  }

  get total(): number {
    return this.count;
  }

  summarize(elapsedMs: number, concurrency: number): LoadSummary {
    const sorted = this.latencies.slice(0, this.count).sort();
    const errors = [...this.errorsByCode.values()].reduce((a, b) => a + b, 0);

    return {
      durationS: round(elapsedMs / 1000, 3),
      concurrency,
      total: this.count,
      rps: elapsedMs > 0 ? round((this.count * 1000) / elapsedMs, 1) : 0,
      latencyMs: {
        p50: round(percentile(sorted, 50), 2),
        p90: round(percentile(sorted, 90), 2),
        p99: round(percentile(sorted, 99), 2),
        max: round(percentile(sorted, 100), 2),
      },
      byOperation: { ...this.byOperation },
      byStatus: sortedRecord(this.byStatus),
      outOfStock: this.outOfStock,
      errors,
      errorsByCode: sortedRecord(this.errorsByCode),
      byCell: sortedRecord(this.byCell),
      auth: {
        freshTokens: this.freshTokens,
        reusedTokens: this.reusedTokens,
        unauthorized: this.byStatus.get('401') ?? 0,
        forbidden: this.byStatus.get('403') ?? 0,
        policyDenied: this.errorsByCode.get('GW_POLICY_DENIED') ?? 0,
      },
    };
  }

  private addLatency(ms: number): void {
    if (this.count === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.count] = ms;
    this.count += 1;
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sortedRecord(map: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...map].sort(([a], [b]) => a.localeCompare(b)));
}

function round(value: number, digits: number): number {
  if (Number.isNaN(value)) return 0;
  const factor = 10 ** digits;

  return Math.round(value * factor) / factor;
}
