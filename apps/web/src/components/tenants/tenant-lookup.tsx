'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';

import { useSessionUser } from '@/components/layout/session-context';
import { hasRole } from '@/lib/roles';

import { TenantResult } from './tenant-result';

/**
 * Looks a tenant up by id. The id lives in the URL (?tenant=) so a
 * placement can be linked to and survives a reload.
 */
export function TenantLookup() {
  const user = useSessionUser();
  const router = useRouter();
  const pathname = usePathname();
  const tenantId = useSearchParams().get('tenant')?.trim() ?? '';
  const [draft, setDraft] = useState(tenantId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();

    const id = draft.trim();
    router.push(id ? `${pathname}?tenant=${encodeURIComponent(id)}` : pathname);
  }

  return (
    <div className="stack">
      <div className="page-title">
        <h1>Tenants</h1>
        <p className="muted">Where a tenant is placed and why.</p>
      </div>

      <form className="card form-inline" onSubmit={submit} role="search">
        <label className="field grow">
          <span>Tenant id</span>
          <input
            name="tenant"
            placeholder="t-00042"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </label>
        <button type="submit" className="button button-primary">
          Look up
        </button>
      </form>

      {tenantId ? (
        <TenantResult
          key={tenantId}
          tenantId={tenantId}
          canOperate={hasRole(user.role, 'operator')}
        />
      ) : null}
    </div>
  );
}
