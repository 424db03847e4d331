'use client';

import { useQuery } from '@tanstack/react-query';

import { BarChart } from '@/components/charts/bar-chart';
import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { plural } from '@/lib/plural';
import { useTRPC } from '@/trpc/trpc-context';

import { GatewayTable } from './gateway-table';
import { versionDistribution } from './version-distribution';

/** The gateway fleet: who applied which snapshot, lag and last NACK. */
export function GatewayFleet() {
  const trpc = useTRPC();

  // ACKs and heartbeats arrive every few seconds; keep the table current.
  const gateways = useQuery(
    trpc.gateways.list.queryOptions(undefined, { refetchInterval: 5_000 }),
  );

  if (gateways.isPending) return <LoadingPanel label="Loading gateways" />;

  if (gateways.isError) {
    return (
      <ErrorPanel
        title="Could not load the gateway fleet"
        error={gateways.error}
        onRetry={() => void gateways.refetch()}
      />
    );
  }

  const fleet = gateways.data;
  const latest = fleet.reduce<number | null>(
    (max, gateway) =>
      gateway.latestVersion !== null &&
      (max === null || gateway.latestVersion > max)
        ? gateway.latestVersion
        : max,
    null,
  );

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Gateways</h1>
        <p className="muted">
          {plural(fleet.length, 'gateway')}
          {latest !== null ? `, latest snapshot version ${latest}` : ''}
        </p>
      </div>

      {fleet.length === 0 ? (
        <div className="panel panel-muted">
          No gateway has reported yet. Gateways appear here after their first
          ACK, NACK or heartbeat.
        </div>
      ) : (
        <>
          <section className="card" aria-labelledby="versions">
            <h2 id="versions">Applied versions</h2>
            <BarChart
              data={versionDistribution(fleet)}
              valueName="gateways"
              height={160}
            />
          </section>
          <GatewayTable gateways={fleet} />
        </>
      )}
    </div>
  );
}
