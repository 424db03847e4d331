import { createLogger } from '@cellplane/telemetry';

import { createControlApi } from './app/create-control-api';
import { loadConfig } from './config/load-config';
import { isAppError } from './errors/app-error';

/**
 * Entry point: parse the environment once, compose the runners, and close
 * them in order on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    process.stderr.write(
      `${isAppError(error) ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }

  const logger = createLogger({
    component: 'control-api',
    level: config.logLevel,
  });
  const app = await createControlApi(config, logger);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;

    logger.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  try {
    await app.start();
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    await app.close();
    process.exit(1);
  }

  logger.info(
    { url: app.url(), queuePrefix: config.queuePrefix },
    'control-api listening',
  );
}

void main();
