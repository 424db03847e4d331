'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';

import { ErrorPanel } from '@/components/ui/error-panel';
import { FormError } from '@/components/ui/form-error';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { RoleNote } from '@/components/ui/role-note';
import { formatAgo, formatTimestamp } from '@/lib/format-time';
import type { RouterOutputs } from '@/trpc/router-types';
import { useTRPC } from '@/trpc/trpc-context';

type IssuerView = RouterOutputs['edge']['issuers']['list'][number];

/**
 * Token issuers gateways trust, each with its keys. Rotating a key is
 * adding the new public JWK here, then removing the old one once its
 * tokens have expired (docs/OPERATIONS.md).
 */
export function IssuerList({ canEdit }: { canEdit: boolean }) {
  const trpc = useTRPC();
  const issuers = useQuery(trpc.edge.issuers.list.queryOptions());

  if (issuers.isPending) return <LoadingPanel label="Loading issuers" />;
  if (issuers.isError) {
    return (
      <ErrorPanel
        title="Could not load token issuers"
        error={issuers.error}
        onRetry={() => void issuers.refetch()}
      />
    );
  }

  return (
    <section className="card stack-tight" aria-labelledby="issuers">
      <h2 id="issuers">Token issuers</h2>
      {issuers.data.length === 0 ? (
        <p className="muted">
          No issuer: gateways verify no token, and routes that require one
          refuse every request.
        </p>
      ) : (
        issuers.data.map((issuer) => (
          <IssuerKeys key={issuer.id} issuer={issuer} canEdit={canEdit} />
        ))
      )}
    </section>
  );
}

function IssuerKeys({
  issuer,
  canEdit,
}: {
  issuer: IssuerView;
  canEdit: boolean;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [jwk, setJwk] = useState('');
  const [jsonError, setJsonError] = useState<string | null>(null);

  const refresh = () =>
    queryClient.invalidateQueries(trpc.edge.issuers.pathFilter());
  const addKey = useMutation(
    trpc.edge.issuers.addKey.mutationOptions({
      onSuccess: async () => {
        setJwk('');
        await refresh();
      },
    }),
  );
  const removeKey = useMutation(
    trpc.edge.issuers.removeKey.mutationOptions({ onSuccess: refresh }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setJsonError(null);

    let parsed: unknown;
    try {
      parsed = JSON.parse(jwk);
    } catch {
      setJsonError('The key is not JSON.');
      return;
    }
    addKey.mutate({
      issuerId: issuer.id,
      jwk: parsed as Record<string, unknown>,
    });
  }

  return (
    <div className="stack-tight" data-testid={`issuer-${issuer.id}`}>
      <div>
        <strong className="mono">{issuer.id}</strong>{' '}
        <span className="mono muted">{issuer.issuer}</span>
        <div className="muted small">
          audiences {issuer.audiences.join(', ')}; algorithms{' '}
          {issuer.algorithms.join(', ')}; leeway {issuer.leewaySeconds} s;
          tenant claim <span className="mono">{issuer.tenantClaim}</span>
        </div>
      </div>
      <div className="table-scroll">
        <table className="table table-compact">
          <thead>
            <tr>
              <th>Key id</th>
              <th>Algorithm</th>
              <th>Added</th>
              <th>By</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {issuer.keys.map((key) => (
              <tr key={key.kid}>
                <td className="mono">{key.kid}</td>
                <td>{key.alg}</td>
                <td title={formatTimestamp(key.addedAt)}>
                  {formatAgo(key.addedAt)}
                </td>
                <td>{key.addedBy}</td>
                <td>
                  <button
                    type="button"
                    className="button button-quiet"
                    disabled={!canEdit || removeKey.isPending}
                    title={canEdit ? undefined : 'Needs the admin role'}
                    onClick={() =>
                      removeKey.mutate({ issuerId: issuer.id, kid: key.kid })
                    }
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <FormError error={removeKey.error} />
      <form
        className="form"
        onSubmit={submit}
        noValidate
        aria-label={`Add a key to ${issuer.id}`}
      >
        <RoleNote allowed={canEdit} required="admin" action="Adding a key" />
        <label className="field">
          <span>Public JWK</span>
          <textarea
            name="jwk"
            rows={3}
            className="mono"
            value={jwk}
            disabled={!canEdit || addKey.isPending}
            placeholder='{"kty":"EC","crv":"P-256","x":"…","y":"…","kid":"…"}'
            onChange={(e) => setJwk(e.target.value)}
          />
        </label>
        {jsonError ? (
          <p className="form-error" role="alert">
            {jsonError}
          </p>
        ) : null}
        <FormError error={addKey.error} />
        <button
          type="submit"
          className="button"
          disabled={!canEdit || addKey.isPending || jwk.trim() === ''}
        >
          {addKey.isPending ? 'Adding…' : 'Add key'}
        </button>
      </form>
    </div>
  );
}
