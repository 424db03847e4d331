import type { Metadata } from 'next';

import { GatewayFleet } from '@/components/gateways/gateway-fleet';

export const metadata: Metadata = { title: 'Gateways · Cellplane' };

export default function GatewaysPage() {
  return <GatewayFleet />;
}
