import type { BenchConfiguration } from './bench-configuration';

/**
 * The rest of issue 4's matrix. Each becomes a `measured` module of its
 * own (like gateway.ts) once the gateway or the tool can run it; until
 * then latest.json says why, and never holds a number for it.
 */
export const gatewayFull: BenchConfiguration = {
  kind: 'not-yet-measured',
  name: 'gateway_full',
  description:
    'gateway with JWT (RS256, 60 % repeated tokens), ring, limits, breakers, policy, access log',
  reason:
    'the gateway does not verify JWTs or apply rate limits and policy yet (issue 4)',
};

export const gatewayFullUniqueTokens: BenchConfiguration = {
  kind: 'not-yet-measured',
  name: 'gateway_full_unique_tokens',
  description: 'gateway_full with every token unique',
  reason: 'needs gateway_full first (JWT verification in the gateway, issue 4)',
};

export const haproxyFull: BenchConfiguration = {
  kind: 'not-yet-measured',
  name: 'haproxy_full',
  description:
    'HAProxy (apt) with RS256 verification, per-IP stick-table limit, consistent hashing',
  reason:
    'its JWT-verifying configuration is compared with gateway_full, which does not exist yet',
};
