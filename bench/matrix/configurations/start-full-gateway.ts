import { join } from 'node:path';

import { placeBundle } from '../setup/policy-bundle';
import type { BenchContext, RunningTarget } from './bench-configuration';
import { probePolicy } from './probe-policy';
import { startGateway } from './start-gateway';

/**
 * A gateway with every edge section on, from the bench's re-signed
 * snapshot; with `policy`, the bundle is first put in its state
 * directory's cache (the gateway has no control-api to fetch it from).
 * Access log on: LOG_LEVEL=info, one pino line per request into the
 * process's log file in the run's log directory. Whether the policy is
 * really enforced is probed, not assumed, and goes into the report.
 */
export async function startFullGateway(
  context: BenchContext,
  name: string,
  withPolicy: boolean,
): Promise<RunningTarget> {
  const stateDir = join(context.workDir, `${name}-state`);
  if (withPolicy) placeBundle(stateDir, context.full.bundle);

  const target = await startGateway(context, {
    name,
    snapshotFile: withPolicy
      ? context.full.snapshotWithPolicy
      : context.full.snapshotWithoutPolicy,
    stateDir,
    logLevel: 'info',
  });

  let policy = 'none (no policy section)';
  if (withPolicy) {
    const sample = context.full.tokens.pool[0]!;
    const probe = await probePolicy(target.url, sample.tenant, sample.token);
    policy = probe.enforced
      ? `policies/default enforced (${probe.observed})`
      : `policy not yet wired: the snapshot names policies/default, but ${probe.observed}`;
  }

  return {
    ...target,
    details: {
      ...target.details,
      policy,
      accessLog: 'LOG_LEVEL=info, to the log file',
      tokenCacheSize: 'gateway default',
    },
  };
}
