import type {
  BenchConfiguration,
  BenchContext,
  ConfigurationName,
  RunningTarget,
} from './configurations/bench-configuration';

type Measured = Extract<BenchConfiguration, { kind: 'measured' }>;

/**
 * Starts each measured configuration's servers. The gateway goes first:
 * nginx is given as many workers as the gateway turned out to have.
 * `onStarted` hears of each at once, so a later failure still stops it.
 */
export async function startConfigurations(
  configurations: readonly Measured[],
  base: Omit<BenchContext, 'gatewayWorkers'>,
  onStarted: (target: RunningTarget) => void,
): Promise<Map<ConfigurationName, RunningTarget>> {
  const ordered = [
    ...configurations.filter((c) => c.name === 'gateway'),
    ...configurations.filter((c) => c.name !== 'gateway'),
  ];
  const started = new Map<ConfigurationName, RunningTarget>();
  let gatewayWorkers = 1;

  for (const configuration of ordered) {
    const target = await configuration.start({ ...base, gatewayWorkers });
    onStarted(target);
    started.set(configuration.name, target);

    if (configuration.name === 'gateway') {
      gatewayWorkers = Number(target.details.workers ?? 1);
    }
  }

  return started;
}
