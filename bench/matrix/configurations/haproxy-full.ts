import type { BenchConfiguration } from './bench-configuration';

/**
 * HAProxy from apt (2.6 verifies JWTs natively), the closest off-the-shelf
 * peer of gateway_full; compared with it, so it waits for it.
 */
export const haproxyFull: BenchConfiguration = {
  kind: 'not-yet-measured',
  name: 'haproxy_full',
  description:
    'HAProxy (apt) with RS256 verification, per-IP stick-table limit, consistent hashing',
  reason:
    'its peer gateway_full cannot run yet, and its RS256, stick-table and consistent-hash configuration is not written',
};
