import type { Metadata } from 'next';

import { TopologyView } from '@/components/topology/topology-view';

export const metadata: Metadata = { title: 'Topology · Cellplane' };

export default function TopologyPage() {
  return <TopologyView />;
}
