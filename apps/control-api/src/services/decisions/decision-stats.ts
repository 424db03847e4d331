import type { ServiceDeps } from '../service-deps';

export interface DecisionMinute {
  /** Start of the minute, ISO. */
  minute: string;
  allow: number;
  deny: number;
  error: number;
  /** p99 of evaluation time in that minute, microseconds; null when none. */
  p99Us: number | null;
}

export interface DecisionStats {
  minutes: DecisionMinute[];
  totals: { allow: number; deny: number; error: number };
  p50Us: number | null;
  p99Us: number | null;
  /** Decisions gateways reported they could not keep, all time. */
  dropped: number;
  droppedByGateway: { gatewayId: string; dropped: number }[];
}

interface MinuteRow {
  minute: Date;
  allow: number;
  deny: number;
  error: number;
  p99: number | null;
}

/**
 * Decisions per minute by result over the last `minutes` minutes (every
 * minute present, zero when quiet, for a chart), evaluation time
 * percentiles over the window, and the decisions gateways dropped.
 */
export async function decisionStats(
  deps: ServiceDeps,
  input: { minutes: number; now?: Date },
): Promise<DecisionStats> {
  const now = input.now ?? new Date();
  const end = Math.floor(now.getTime() / 60_000) * 60_000;
  const start = end - (input.minutes - 1) * 60_000;
  const since = new Date(start).toISOString();

  const rows = await deps.db.$queryRaw<MinuteRow[]>`
    SELECT date_trunc('minute', at) AS minute,
      count(*) FILTER (WHERE result = 'allow')::int AS allow,
      count(*) FILTER (WHERE result = 'deny')::int AS deny,
      count(*) FILTER (WHERE result = 'error')::int AS error,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY "durationUs") AS p99
    FROM "Decision"
    WHERE at >= (${since}::timestamptz AT TIME ZONE 'UTC')
    GROUP BY 1 ORDER BY 1`;
  const overall = await deps.db.$queryRaw<
    { p50: number | null; p99: number | null }[]
  >`
    SELECT
      percentile_cont(0.5) WITHIN GROUP (ORDER BY "durationUs") AS p50,
      percentile_cont(0.99) WITHIN GROUP (ORDER BY "durationUs") AS p99
    FROM "Decision"
    WHERE at >= (${since}::timestamptz AT TIME ZONE 'UTC')`;
  const losses = await deps.db.decisionLoss.findMany({
    orderBy: { gatewayId: 'asc' },
  });

  const byMinute = new Map(rows.map((row) => [row.minute.getTime(), row]));
  const minutes = Array.from({ length: input.minutes }, (_, i) => {
    const at = start + i * 60_000;
    const row = byMinute.get(at);

    return {
      minute: new Date(at).toISOString(),
      allow: row?.allow ?? 0,
      deny: row?.deny ?? 0,
      error: row?.error ?? 0,
      p99Us: row?.p99 ?? null,
    };
  });
  const droppedByGateway = losses.map((loss) => ({
    gatewayId: loss.gatewayId,
    dropped: Number(loss.dropped),
  }));

  return {
    minutes,
    totals: {
      allow: sum(minutes, 'allow'),
      deny: sum(minutes, 'deny'),
      error: sum(minutes, 'error'),
    },
    p50Us: overall[0]?.p50 ?? null,
    p99Us: overall[0]?.p99 ?? null,
    dropped: droppedByGateway.reduce((total, g) => total + g.dropped, 0),
    droppedByGateway,
  };
}

function sum(minutes: DecisionMinute[], key: 'allow' | 'deny' | 'error') {
  return minutes.reduce((total, minute) => total + minute[key], 0);
}
