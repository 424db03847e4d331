import type { BenchConfiguration } from './bench-configuration';

/** gateway_full with a new token on every request (no verification reuse). */
export const gatewayFullUniqueTokens: BenchConfiguration = {
  kind: 'not-yet-measured',
  name: 'gateway_full_unique_tokens',
  description: 'gateway_full with every token unique',
  reason: 'needs gateway_full first (JWT verification in the gateway, issue 4)',
};
