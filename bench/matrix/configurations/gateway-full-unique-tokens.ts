import type { BenchConfiguration } from './bench-configuration';
import { startFullGateway } from './start-full-gateway';

/** gateway_full with a new token on every request (no verification reuse). */
export const gatewayFullUniqueTokens: BenchConfiguration = {
  kind: 'measured',
  name: 'gateway_full_unique_tokens',
  description: 'gateway_full with every token unique (RS256)',
  load: 'unique-tokens',
  start: (context) =>
    startFullGateway(context, 'gateway-full-unique-tokens', true),
};
