'use client';

import { useQuery } from '@tanstack/react-query';

import { useSessionUser } from '@/components/layout/session-context';
import { ErrorPanel } from '@/components/ui/error-panel';
import { LoadingPanel } from '@/components/ui/loading-panel';
import { RoleNote } from '@/components/ui/role-note';
import { hasRole } from '@/lib/roles';
import { useTRPC } from '@/trpc/trpc-context';

import { ActivePolicyCard } from './active-policy-card';
import { BundleTable } from './bundle-table';
import { DecisionActivity } from './decision-activity';
import { DeniedDecisions } from './denied-decisions';

/**
 * The policy screen: the bundle gateways evaluate, the stored bundles an
 * admin may activate, and what gateways decided.
 */
export function PolicyOverview() {
  const trpc = useTRPC();
  const user = useSessionUser();
  const canActivate = hasRole(user.role, 'admin');
  const active = useQuery(trpc.policies.active.queryOptions());
  const bundles = useQuery(trpc.policies.list.queryOptions({ limit: 50 }));

  if (active.isPending || bundles.isPending) {
    return <LoadingPanel label="Loading policy" />;
  }

  if (active.isError || bundles.isError) {
    return (
      <ErrorPanel
        title="Could not load the policy"
        error={active.error ?? bundles.error}
        onRetry={() => {
          void active.refetch();
          void bundles.refetch();
        }}
      />
    );
  }

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Policy</h1>
        <p className="muted">
          Rego compiled to WebAssembly, evaluated by every gateway on every
          request.
        </p>
      </div>

      <ActivePolicyCard active={active.data} />
      <DecisionActivity />

      <section className="stack-tight" aria-labelledby="bundles">
        <h2 id="bundles">Bundles</h2>
        <RoleNote
          allowed={canActivate}
          required="admin"
          action="Activating a bundle"
        />
        {bundles.data.items.length === 0 ? (
          <div className="panel panel-muted">
            No bundle is stored yet. Admins add bundles through the API
            (policies.build from Rego, policies.upload of an opa build).
          </div>
        ) : (
          <BundleTable bundles={bundles.data.items} canActivate={canActivate} />
        )}
      </section>

      <section className="stack-tight" aria-labelledby="denied">
        <h2 id="denied">Recent denials</h2>
        <DeniedDecisions />
      </section>
    </div>
  );
}
