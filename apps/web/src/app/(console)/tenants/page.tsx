import type { Metadata } from 'next';
import { Suspense } from 'react';

import { TenantLookup } from '@/components/tenants/tenant-lookup';

export const metadata: Metadata = { title: 'Tenants · Cellplane' };

export default function TenantsPage() {
  return (
    <Suspense>
      <TenantLookup />
    </Suspense>
  );
}
