'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { errorCodeOf } from '@/lib/api-error';
import { useTRPC } from '@/trpc/trpc-context';

import { PinTenantForm } from './pin-tenant-form';
import {
  PlacementExplanation,
  type PlacementView,
} from './placement-explanation';

interface TenantResultProps {
  tenantId: string;
  canOperate: boolean;
}

/** A pin or unpin saved, whose snapshot may not be published yet. */
interface PendingChange {
  /** The override's cell, or null for an unpin (back to the ring). */
  cellId: string | null;
  until: number;
}

// How long to keep asking for the snapshot that carries a pin or unpin.
const PUBLISH_WAIT_MS = 30_000;

function reflects(placement: PlacementView, change: PendingChange): boolean {
  if (change.cellId === null) return placement.source === 'ring';

  return placement.source === 'override' && placement.cellId === change.cellId;
}

/** A found tenant: its record, its placement and the pin form. */
export function TenantResult({ tenantId, canOperate }: TenantResultProps) {
  const trpc = useTRPC();
  const [pending, setPending] = useState<PendingChange | null>(null);
  const tenant = useQuery(trpc.tenants.get.queryOptions({ id: tenantId }));

  // The control-api explains placement from the latest published snapshot,
  // which follows a change by a moment (and earlier changes may publish
  // first): poll until the explanation shows the change.
  const placement = useQuery(
    trpc.placement.explain.queryOptions(
      { tenantId },
      {
        refetchInterval: (query) => {
          const data = query.state.data;
          const waiting =
            pending !== null &&
            Date.now() < pending.until &&
            (data === undefined || !reflects(data, pending));

          return waiting ? 500 : false;
        },
      },
    ),
  );

  if (tenant.isPending || placement.isPending) {
    return <LoadingPanel label={`Looking up ${tenantId}`} />;
  }

  if (tenant.isError && errorCodeOf(tenant.error) === 'NOT_FOUND') {
    return (
      <div className="panel panel-muted" role="status">
        <p>
          No tenant with id <span className="mono">{tenantId}</span>.
        </p>
      </div>
    );
  }

  if (tenant.isError || placement.isError) {
    return (
      <ErrorPanel
        title={`Could not look up ${tenantId}`}
        error={tenant.error ?? placement.error}
        onRetry={() => {
          void tenant.refetch();
          void placement.refetch();
        }}
      />
    );
  }

  const publishing =
    pending !== null &&
    Date.now() < pending.until &&
    !reflects(placement.data, pending);

  return (
    <>
      <section className="card" aria-labelledby="tenant">
        <h2 id="tenant">
          {tenant.data.name}{' '}
          <span className="muted mono">{tenant.data.id}</span>
        </h2>
        <dl className="facts">
          <div>
            <dt>Tier</dt>
            <dd>{tenant.data.tier}</dd>
          </div>
        </dl>
      </section>
      <PlacementExplanation placement={placement.data} />
      {publishing ? (
        <div className="panel panel-muted" role="status">
          <span className="spinner" aria-hidden="true" />
          Saved. Waiting for the snapshot that carries the change…
        </div>
      ) : null}
      <PinTenantForm
        tenantId={tenantId}
        currentCellId={placement.data.cellId}
        pinned={placement.data.source === 'override'}
        allowed={canOperate}
        onChanged={(cellId) =>
          setPending({ cellId, until: Date.now() + PUBLISH_WAIT_MS })
        }
      />
    </>
  );
}
