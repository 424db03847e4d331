import type { Logger } from '@cellplane/telemetry';

/** A subsystem of the app: started in order, closed in reverse order. */
export interface Runner {
  readonly name: string;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startRunners(
  runners: readonly Runner[],
  logger: Logger,
): Promise<void> {
  for (const runner of runners) {
    await runner.start();
    logger.info({ runner: runner.name }, 'runner started');
  }
}

/**
 * Closes every runner, last started first, even when one fails to close:
 * a stuck queue must not keep the database pool open.
 */
export async function closeRunners(
  runners: readonly Runner[],
  logger: Logger,
): Promise<void> {
  for (const runner of [...runners].reverse()) {
    try {
      await runner.close();
      logger.info({ runner: runner.name }, 'runner closed');
    } catch (error) {
      logger.error({ runner: runner.name, err: error }, 'runner close failed');
    }
  }
}
