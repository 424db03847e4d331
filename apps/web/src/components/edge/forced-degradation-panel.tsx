'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { BarChart } from '@/components/charts/bar-chart';
import { Badge } from '@/components/ui/badge';
import { ErrorPanel } from '@/components/ui/error-panel';
import { FieldError } from '@/components/ui/field-error';
import { FormError } from '@/components/ui/form-error';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { RoleNote } from '@/components/ui/role-note';
import { fieldErrorsOf } from '@/lib/api-error';
import { formatAgo, formatTimestamp } from '@/lib/format-time';
import { useTRPC } from '@/trpc/trpc-context';

import {
  degradationLevels,
  forcedLevelBars,
  levelTone,
  type DegradationLevel,
} from './degradation-levels';

/**
 * Levels operators forced on cells, with a form to force one and a button
 * to clear it. A cell not forced gets, at each gateway, the level its
 * instances' health gives it (the gateway's `gateway_cell_degradation_level`
 * metric); gateways do not report it to the control plane yet.
 */
export function ForcedDegradationPanel({ canForce }: { canForce: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cells = useQuery(
    trpc.edge.degradation.list.queryOptions(undefined, {
      refetchInterval: 10_000,
    }),
  );
  const [cellId, setCellId] = useState('');
  const [level, setLevel] = useState<DegradationLevel>('limited');
  const [reason, setReason] = useState('');

  const refresh = () =>
    queryClient.invalidateQueries(trpc.edge.degradation.pathFilter());
  const force = useMutation(
    trpc.edge.degradation.force.mutationOptions({
      onSuccess: async () => {
        setReason('');
        await refresh();
      },
    }),
  );
  const clear = useMutation(
    trpc.edge.degradation.clear.mutationOptions({ onSuccess: refresh }),
  );
  const errors = fieldErrorsOf(force.error);

  if (cells.isPending) return <LoadingPanel label="Loading cells" />;
  if (cells.isError) {
    return (
      <ErrorPanel
        title="Could not load forced degradation"
        error={cells.error}
        onRetry={() => void cells.refetch()}
      />
    );
  }

  const rows = cells.data;
  const selected = cellId || rows[0]?.cellId || '';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    clear.reset();
    force.mutate({ cellId: selected, level, reason: reason.trim() });
  }

  return (
    <section className="card stack-tight" aria-labelledby="degradation">
      <h2 id="degradation">Degradation</h2>
      <BarChart
        data={forcedLevelBars(rows)}
        valueName="forced level (0 normal, 1 degraded, 2 limited, 3 survival)"
        height={140}
      />
      <div className="table-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Cell</th>
              <th>Level</th>
              <th>Reason</th>
              <th>Forced by</th>
              <th>Since</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.cellId} data-testid={`degradation-${row.cellId}`}>
                <td className="mono">{row.cellId}</td>
                <td data-testid="degradation-level">
                  {row.forced ? (
                    <Badge tone={levelTone(row.forced.level)}>
                      {row.forced.level}
                    </Badge>
                  ) : (
                    <span className="muted">from health</span>
                  )}
                </td>
                <td>{row.forced?.reason ?? '—'}</td>
                <td>{row.forced?.forcedBy ?? '—'}</td>
                <td title={formatTimestamp(row.forced?.forcedAt ?? null)}>
                  {row.forced ? formatAgo(row.forced.forcedAt) : '—'}
                </td>
                <td>
                  {row.forced ? (
                    <button
                      type="button"
                      className="button button-quiet"
                      disabled={!canForce || clear.isPending}
                      title={canForce ? undefined : 'Needs the operator role'}
                      onClick={() => clear.mutate({ cellId: row.cellId })}
                    >
                      Clear
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError error={clear.error} />

      <form
        className="form"
        onSubmit={submit}
        noValidate
        aria-label="Force a level"
      >
        <RoleNote
          allowed={canForce}
          required="operator"
          action="Forcing a level"
        />
        <fieldset disabled={!canForce || force.isPending} className="fieldset">
          <div className="form-row">
            <label className="field">
              <span>Cell</span>
              <select
                name="cellId"
                value={selected}
                onChange={(e) => setCellId(e.target.value)}
              >
                {rows.map((row) => (
                  <option key={row.cellId} value={row.cellId}>
                    {row.cellId}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field-narrow">
              <span>Level</span>
              <select
                name="level"
                value={level}
                onChange={(e) => setLevel(e.target.value as DegradationLevel)}
              >
                {degradationLevels.map((each) => (
                  <option key={each} value={each}>
                    {each}
                  </option>
                ))}
              </select>
            </label>
            <label className="field grow">
              <span>Reason</span>
              <input
                name="reason"
                value={reason}
                placeholder="database failover in progress"
                onChange={(e) => setReason(e.target.value)}
                aria-invalid={errors.reason ? true : undefined}
              />
              <FieldError errors={errors} field="reason" />
            </label>
          </div>
        </fieldset>
        <FormError error={force.error} />
        <button
          type="submit"
          className="button button-primary"
          disabled={!canForce || force.isPending}
        >
          {force.isPending ? 'Forcing…' : 'Force level'}
        </button>
      </form>
    </section>
  );
}
