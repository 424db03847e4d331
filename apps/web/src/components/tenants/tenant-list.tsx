'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';

import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { useTRPC } from '@/trpc/trpc-context';

const PAGE_SIZE = 20;

// Keeps the list's cell filter when a tenant is picked from it.
function linkTo(tenantId: string, cellId: string | undefined): string {
  const query = new URLSearchParams({ tenant: tenantId });
  if (cellId) query.set('cell', cellId);

  return `/tenants?${query.toString()}`;
}

interface TenantListProps {
  /** Only tenants placed on this cell, when set (from `?cell=`). */
  cellId: string | undefined;
}

/** Pages through tenants by name or id, each linking to its placement. */
export function TenantList({ cellId }: TenantListProps) {
  const trpc = useTRPC();
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');

  // Cursors of the pages before the current one, for "Previous".
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);

  const tenants = useQuery(
    trpc.tenants.list.queryOptions(
      {
        search: search || undefined,
        cellId,
        cursor,
        limit: PAGE_SIZE,
      },
      { placeholderData: keepPreviousData },
    ),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSearch(draft.trim());
    setCursors([]);
  }

  return (
    <section className="card stack-tight" aria-labelledby="tenant-list">
      <h2 id="tenant-list">
        {cellId ? (
          <>
            Tenants on <span className="mono">{cellId}</span>{' '}
            <Link href="/tenants" className="small">
              (all cells)
            </Link>
          </>
        ) : (
          'Tenants'
        )}
      </h2>
      <form className="form-inline" onSubmit={submit} role="search">
        <label className="field grow">
          <span>Name or id contains</span>
          <input
            name="search"
            placeholder="Tenant 0042"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>

      {tenants.isPending ? (
        <LoadingPanel label="Loading tenants" />
      ) : tenants.isError ? (
        <ErrorPanel
          title="Could not list tenants"
          error={tenants.error}
          onRetry={() => void tenants.refetch()}
        />
      ) : tenants.data.items.length === 0 ? (
        <p className="muted">No tenant matches.</p>
      ) : (
        <>
          <table className="table table-compact">
            <thead>
              <tr>
                <th>Tenant</th>
                <th>Name</th>
                <th>Tier</th>
                <th>Cell</th>
              </tr>
            </thead>
            <tbody>
              {tenants.data.items.map((tenant) => (
                <tr key={tenant.id}>
                  <td className="mono">
                    <Link href={linkTo(tenant.id, cellId)}>{tenant.id}</Link>
                  </td>
                  <td>{tenant.name}</td>
                  <td>{tenant.tier}</td>
                  <td className="mono">{tenant.cellId ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={cursors.length === 0 || tenants.isFetching}
              onClick={() => setCursors((stack) => stack.slice(0, -1))}
            >
              Previous
            </button>
            <button
              type="button"
              className="button"
              disabled={!tenants.data.nextCursor || tenants.isFetching}
              onClick={() => {
                const next = tenants.data.nextCursor;
                if (next) setCursors((stack) => [...stack, next]);
              }}
            >
              Next
            </button>
          </div>
        </>
      )}
    </section>
  );
}
