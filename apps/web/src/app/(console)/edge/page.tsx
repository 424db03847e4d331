import type { Metadata } from 'next';

import { EdgeOverview } from '@/components/edge/edge-overview';

export const metadata: Metadata = { title: 'Edge · Cellplane' };

export default function EdgePage() {
  return <EdgeOverview />;
}
