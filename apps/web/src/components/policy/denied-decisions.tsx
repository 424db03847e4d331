'use client';

import { useQuery } from '@tanstack/react-query';

import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { formatTimestamp } from '@/lib/format-time';
import { useTRPC } from '@/trpc/trpc-context';

/** The latest denied requests, with the decision id a 403 carried. */
export function DeniedDecisions() {
  const trpc = useTRPC();
  const denied = useQuery(
    trpc.decisions.list.queryOptions(
      { result: 'deny', limit: 25 },
      { refetchInterval: 10_000 },
    ),
  );

  if (denied.isPending) return <LoadingPanel label="Loading decisions" />;

  if (denied.isError) {
    return (
      <ErrorPanel
        title="Could not load denied decisions"
        error={denied.error}
        onRetry={() => void denied.refetch()}
      />
    );
  }

  if (denied.data.items.length === 0) {
    return <div className="panel panel-muted">No request was denied.</div>;
  }

  return (
    <div className="card table-scroll">
      <table className="table table-compact" aria-label="Denied decisions">
        <thead>
          <tr>
            <th>Time</th>
            <th>Tenant</th>
            <th>Method</th>
            <th>Path</th>
            <th>Reason</th>
            <th>Decision id</th>
          </tr>
        </thead>
        <tbody>
          {denied.data.items.map((decision) => (
            <tr key={decision.id}>
              <td>{formatTimestamp(decision.at)}</td>
              <td className="mono">{decision.tenantId ?? '—'}</td>
              <td className="mono">{decision.method}</td>
              <td className="mono small">{decision.path}</td>
              <td className="small">{decision.reason ?? 'not allowed'}</td>
              <td className="mono small">{decision.id}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
