'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { FormError } from '@/components/ui/form-error';
import { useTRPC } from '@/trpc/trpc-context';

interface CellStateActionProps {
  cellId: string;
  state: string;
  allowed: boolean;
}

/**
 * Drains an active cell, or returns a draining or failed one to service.
 * Both move tenants, so the button asks for a second click to confirm.
 */
export function CellStateAction({
  cellId,
  state,
  allowed,
}: CellStateActionProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const target = state === 'active' ? 'draining' : 'active';
  const verb = target === 'draining' ? 'Drain' : 'Reactivate';

  const setState = useMutation(
    trpc.cells.setState.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries(trpc.cells.pathFilter());
        await queryClient.invalidateQueries(trpc.placement.pathFilter());
      },
    }),
  );

  if (!confirming) {
    return (
      <div className="cell-action">
        <button
          type="button"
          className="button"
          disabled={!allowed}
          title={allowed ? undefined : 'Needs the operator role'}
          onClick={() => setConfirming(true)}
        >
          {verb}
        </button>
      </div>
    );
  }

  return (
    <div className="cell-action confirm" role="group" aria-label="Confirm">
      <span>
        {verb} {cellId}?
      </span>
      <button
        type="button"
        className={target === 'draining' ? 'button button-danger' : 'button'}
        disabled={setState.isPending}
        onClick={() => setState.mutate({ id: cellId, state: target })}
      >
        {setState.isPending ? 'Saving…' : `Confirm ${verb.toLowerCase()}`}
      </button>
      <button
        type="button"
        className="button button-quiet"
        disabled={setState.isPending}
        onClick={() => {
          setState.reset();
          setConfirming(false);
        }}
      >
        Cancel
      </button>
      <FormError error={setState.error} />
    </div>
  );
}
