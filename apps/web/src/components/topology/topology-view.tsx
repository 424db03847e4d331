'use client';

import { useQuery } from '@tanstack/react-query';

import { BarChart } from '@/components/charts/bar-chart';
import { useSessionUser } from '@/components/layout/session-context';
import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { plural } from '@/lib/plural';
import { hasRole } from '@/lib/roles';
import { useTRPC } from '@/trpc/trpc-context';

import { AddCellForm } from './add-cell-form';
import { CellCard } from './cell-card';

/** Regions with their cells and instances, tenants per cell, add a cell. */
export function TopologyView() {
  const trpc = useTRPC();
  const user = useSessionUser();
  const canOperate = hasRole(user.role, 'operator');

  // Health and tenant counts change underneath the page; refresh them.
  const cells = useQuery(
    trpc.cells.list.queryOptions(undefined, { refetchInterval: 10_000 }),
  );
  const regions = useQuery(trpc.regions.list.queryOptions());

  if (cells.isPending || regions.isPending) {
    return <LoadingPanel label="Loading topology" />;
  }

  if (cells.isError || regions.isError) {
    return (
      <ErrorPanel
        title="Could not load the topology"
        error={cells.error ?? regions.error}
        onRetry={() => {
          void cells.refetch();
          void regions.refetch();
        }}
      />
    );
  }

  const tenantsPerCell = cells.data.map((cell) => ({
    label: cell.id,
    value: cell.tenantCount,
  }));

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Topology</h1>
        <p className="muted">
          {plural(regions.data.length, 'region')},{' '}
          {plural(cells.data.length, 'cell')}
        </p>
      </div>

      <section className="card" aria-labelledby="tenants-per-cell">
        <h2 id="tenants-per-cell">Tenants per cell</h2>
        <BarChart data={tenantsPerCell} valueName="tenants" />
      </section>

      {regions.data.map((region) => {
        const regionCells = cells.data.filter(
          (cell) => cell.region.id === region.id,
        );

        return (
          <section
            key={region.id}
            className="region"
            aria-labelledby={`region-${region.id}`}
          >
            <h2 id={`region-${region.id}`}>
              {region.name} <span className="muted mono">{region.id}</span>
            </h2>
            {regionCells.length === 0 ? (
              <p className="muted">No cells in this region.</p>
            ) : (
              <div className="grid">
                {regionCells.map((cell) => (
                  <CellCard key={cell.id} cell={cell} canOperate={canOperate} />
                ))}
              </div>
            )}
          </section>
        );
      })}

      <AddCellForm regions={regions.data} allowed={canOperate} />
    </div>
  );
}
