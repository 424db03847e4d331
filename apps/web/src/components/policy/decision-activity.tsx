'use client';

import { useQuery } from '@tanstack/react-query';

import { DecisionChart } from '@/components/charts/decision-chart';
import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { useTRPC } from '@/trpc/trpc-context';

const WINDOW_MINUTES = 60;

/** Decisions per minute by result, evaluation time and lost decisions. */
export function DecisionActivity() {
  const trpc = useTRPC();
  const stats = useQuery(
    trpc.decisions.stats.queryOptions(
      { minutes: WINDOW_MINUTES },
      { refetchInterval: 10_000 },
    ),
  );

  if (stats.isPending) return <LoadingPanel label="Loading decisions" />;

  if (stats.isError) {
    return (
      <ErrorPanel
        title="Could not load decision statistics"
        error={stats.error}
        onRetry={() => void stats.refetch()}
      />
    );
  }

  const { totals, p50Us, p99Us, dropped } = stats.data;
  const data = stats.data.minutes.map((minute) => ({
    ...minute,
    label: minute.minute.slice(11, 16),
  }));

  return (
    <section className="card" aria-labelledby="decisions">
      <h2 id="decisions">Decisions, last {WINDOW_MINUTES} minutes</h2>
      <dl className="facts facts-wide">
        <div>
          <dt>Allowed</dt>
          <dd>{totals.allow}</dd>
        </div>
        <div>
          <dt>Denied</dt>
          <dd>{totals.deny}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{totals.error}</dd>
        </div>
        <div>
          <dt>p50 / p99 evaluation</dt>
          <dd>
            {formatUs(p50Us)} / {formatUs(p99Us)}
          </dd>
        </div>
        <div>
          <dt>Dropped by gateways</dt>
          <dd data-testid="dropped-decisions">{dropped}</dd>
        </div>
      </dl>
      <div data-testid="decision-chart">
        <DecisionChart data={data} />
      </div>
    </section>
  );
}

function formatUs(value: number | null): string {
  return value === null ? '—' : `${value.toFixed(1)} µs`;
}
