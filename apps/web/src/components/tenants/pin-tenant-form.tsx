'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { FieldError } from '@/components/ui/field-error';
import { FormError } from '@/components/ui/form-error';
import { RoleNote } from '@/components/ui/role-note';
import { fieldErrorsOf } from '@/lib/api-error';
import { useTRPC } from '@/trpc/trpc-context';

interface PinTenantFormProps {
  tenantId: string;
  currentCellId: string;
  pinned: boolean;
  allowed: boolean;
  /** Called once the control-api saved a pin (its cell) or unpin (null). */
  onChanged: (cellId: string | null) => void;
}

/** Pins a tenant to a cell with an override, or removes the override. */
export function PinTenantForm({
  tenantId,
  currentCellId,
  pinned,
  allowed,
  onChanged,
}: PinTenantFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const cells = useQuery(trpc.cells.list.queryOptions());
  const [cellId, setCellId] = useState('');

  async function refresh() {
    await queryClient.invalidateQueries(trpc.placement.pathFilter());
    await queryClient.invalidateQueries(trpc.cells.pathFilter());
  }

  const pin = useMutation(
    trpc.placement.pin.mutationOptions({
      onSuccess: async (override) => {
        onChanged(override.cellId);
        await refresh();
      },
    }),
  );
  const unpin = useMutation(
    trpc.placement.unpin.mutationOptions({
      onSuccess: async () => {
        onChanged(null);
        await refresh();
      },
    }),
  );
  const errors = fieldErrorsOf(pin.error);
  const busy = pin.isPending || unpin.isPending;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    unpin.reset();
    pin.mutate({ tenantId, cellId });
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="Pin tenant">
      <h2>Pin to a cell</h2>
      <p className="muted">
        An override sends the tenant to the chosen cell whatever the ring says,
        even to a draining cell.
      </p>
      <RoleNote allowed={allowed} required="operator" action="Pinning" />
      <fieldset className="fieldset" disabled={!allowed || busy}>
        <div className="form-row">
          <label className="field grow">
            <span>Cell</span>
            <select
              name="cellId"
              value={cellId}
              onChange={(e) => setCellId(e.target.value)}
              aria-invalid={errors.cellId ? true : undefined}
            >
              <option value="">
                {cells.isPending ? 'Loading cells…' : 'Choose a cell'}
              </option>
              {(cells.data ?? []).map((cell) => (
                <option
                  key={cell.id}
                  value={cell.id}
                  disabled={cell.id === currentCellId && pinned}
                >
                  {cell.id} · {cell.region.id} · {cell.state}
                </option>
              ))}
            </select>
            <FieldError errors={errors} field="cellId" />
          </label>
        </div>
      </fieldset>
      <FormError error={pin.error ?? unpin.error ?? cells.error} />
      <div className="actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={!allowed || busy}
          title={allowed ? undefined : 'Needs the operator role'}
        >
          {pin.isPending ? 'Pinning…' : 'Pin tenant'}
        </button>
        {pinned ? (
          <button
            type="button"
            className="button"
            disabled={!allowed || busy}
            onClick={() => {
              pin.reset();
              unpin.mutate({ tenantId });
            }}
          >
            {unpin.isPending ? 'Unpinning…' : 'Unpin (back to the ring)'}
          </button>
        ) : null}
      </div>
    </form>
  );
}
