'use client';

import { useSessionUser } from '@/components/layout/session-context';
import { hasRole } from '@/lib/roles';

import { ForcedDegradationPanel } from './forced-degradation-panel';
import { IssuerList } from './issuer-list';
import { RouteTable } from './route-table';

/**
 * The edge configuration every gateway receives in the snapshot: forced
 * degradation per cell, token issuers and their keys, and routes.
 */
export function EdgeOverview() {
  const user = useSessionUser();

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Edge</h1>
        <p className="muted">
          Changes here reach every gateway with the next snapshot.
        </p>
      </div>
      <ForcedDegradationPanel canForce={hasRole(user.role, 'operator')} />
      <IssuerList canEdit={hasRole(user.role, 'admin')} />
      <RouteTable canEdit={hasRole(user.role, 'admin')} />
    </div>
  );
}
