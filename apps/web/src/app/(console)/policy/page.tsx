import type { Metadata } from 'next';

import { PolicyOverview } from '@/components/policy/policy-overview';

export const metadata: Metadata = { title: 'Policy · Cellplane' };

export default function PolicyPage() {
  return <PolicyOverview />;
}
