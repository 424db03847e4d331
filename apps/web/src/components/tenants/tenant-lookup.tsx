'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

import { useSessionUser } from '@/components/layout/session-context';
import { hasRole } from '@/lib/roles';

import { TenantIdForm } from './tenant-id-form';
import { TenantList } from './tenant-list';
import { TenantResult } from './tenant-result';

/**
 * Looks a tenant up by id and lists tenants to pick from. The tenant and
 * the list's cell filter live in the URL (`?tenant=`, `?cell=`) so a
 * placement can be linked to and survives a reload.
 */
export function TenantLookup() {
  const user = useSessionUser();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const tenantId = params.get('tenant')?.trim() ?? '';
  const cellId = params.get('cell')?.trim() || undefined;

  function lookUp(id: string) {
    const next = new URLSearchParams(params);
    if (id) next.set('tenant', id);
    else next.delete('tenant');

    const query = next.toString();
    router.push(query ? `${pathname}?${query}` : pathname);
  }

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Tenants</h1>
        <p className="muted">Where a tenant is placed and why.</p>
      </div>

      <TenantIdForm key={tenantId} initialId={tenantId} onLookup={lookUp} />

      {tenantId ? (
        <TenantResult
          key={tenantId}
          tenantId={tenantId}
          canOperate={hasRole(user.role, 'operator')}
        />
      ) : null}

      <TenantList key={cellId ?? ''} cellId={cellId} />
    </div>
  );
}
