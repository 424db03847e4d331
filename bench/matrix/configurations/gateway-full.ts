import type { BenchConfiguration } from './bench-configuration';

/**
 * Issue 4's gateway with everything on. Until the gateway has it, the
 * report says why and holds no number; measuring it means turning this
 * module into a `measured` one like gateway.ts.
 */
export const gatewayFull: BenchConfiguration = {
  kind: 'not-yet-measured',
  name: 'gateway_full',
  description:
    'gateway with JWT (RS256, 60 % repeated tokens), ring, limits, breakers, policy, access log',
  reason:
    'the gateway does not verify JWTs or apply rate limits and policy yet (issue 4)',
};
