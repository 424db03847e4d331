import type { BenchConfiguration } from './bench-configuration';
import { startFullGateway } from './start-full-gateway';

/**
 * Issue 4's gateway with everything on: identity (RS256 and ES256 keys of
 * the bench's issuer), routes (`/catalog` requires a token), limits per
 * client address and per tenant tier, breakers and health checks (the
 * gateway's defaults), the default policy and the access log; 60 % of
 * requests reuse a token.
 */
export const gatewayFull: BenchConfiguration = {
  kind: 'measured',
  name: 'gateway_full',
  description:
    'gateway with JWT (RS256, 60 % repeated tokens, a tenth of the reused ones ES256), routes, ring, limits, breakers, health checks, policy, access log',
  load: 'mixed-tokens',
  start: (context) => startFullGateway(context, 'gateway-full', true),
};
