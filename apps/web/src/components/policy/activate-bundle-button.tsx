'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { FormError } from '@/components/ui/form-error';
import { useTRPC } from '@/trpc/trpc-context';

interface ActivateBundleButtonProps {
  digest: string;
  revision: string;
  entrypoints: readonly string[];
  allowed: boolean;
}

const DEFAULT_ENTRYPOINT = 'cellplane/authz/allow';

/**
 * Makes a bundle the fleet's policy. Every gateway starts evaluating it
 * with the next snapshot, so the button asks for a second click.
 */
export function ActivateBundleButton({
  digest,
  revision,
  entrypoints,
  allowed,
}: ActivateBundleButtonProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const entrypoint = entrypoints.includes(DEFAULT_ENTRYPOINT)
    ? DEFAULT_ENTRYPOINT
    : (entrypoints[0] ?? DEFAULT_ENTRYPOINT);

  const activate = useMutation(
    trpc.policies.activate.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await queryClient.invalidateQueries(trpc.policies.pathFilter());
      },
    }),
  );

  if (!confirming) {
    return (
      <button
        type="button"
        className="button"
        disabled={!allowed}
        title={allowed ? undefined : 'Needs the admin role'}
        onClick={() => setConfirming(true)}
      >
        Activate
      </button>
    );
  }

  return (
    <div className="cell-action confirm" role="group" aria-label="Confirm">
      <span>
        Activate {revision} at {entrypoint}?
      </span>
      <button
        type="button"
        className="button button-primary"
        disabled={activate.isPending}
        onClick={() => activate.mutate({ digest, entrypoint })}
      >
        {activate.isPending ? 'Activating…' : 'Confirm activate'}
      </button>
      <button
        type="button"
        className="button button-quiet"
        disabled={activate.isPending}
        onClick={() => {
          activate.reset();
          setConfirming(false);
        }}
      >
        Cancel
      </button>
      <FormError error={activate.error} />
    </div>
  );
}
