import type { BenchConfiguration } from './bench-configuration';
import { startFullGateway } from './start-full-gateway';

/**
 * gateway_full without the snapshot's `policy` section, the same load:
 * authorization off against on in the same run (issue 3's figure).
 */
export const gatewayFullNoPolicy: BenchConfiguration = {
  kind: 'measured',
  name: 'gateway_full_no_policy',
  description: 'gateway_full without the policy section (authorization off)',
  load: 'mixed-tokens',
  start: (context) =>
    startFullGateway(context, 'gateway-full-no-policy', false),
};
