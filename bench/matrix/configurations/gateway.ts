import { join } from 'node:path';

import type { BenchConfiguration } from './bench-configuration';
import { startGateway } from './start-gateway';

/**
 * apps/gateway plainly proxying: booted from the control-api's signed
 * snapshot as published, routing the bench tenants (named by
 * `x-tenant-id`) to the bench cell by ring lookup.
 */
export const gateway: BenchConfiguration = {
  kind: 'measured',
  name: 'gateway',
  description: 'apps/gateway from a signed snapshot file, plain proxying',
  load: 'tenant-header',
  start: (context) =>
    startGateway(context, {
      name: 'gateway',
      snapshotFile: context.upstream.snapshotFile,
      stateDir: join(context.workDir, 'gateway-state'),
      logLevel: 'warn',
    }),
};
