import { createLogger, type Logger } from '@cellplane/telemetry';

import { createControlApi, type ControlApi } from './app/create-control-api';
import { loadConfig, type Config } from './config/load-config';
import { isAppError } from './errors/app-error';

/**
 * Entry point: parse the environment once, compose the runners, and close
 * them in order on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger({
    component: 'control-api',
    level: config.logLevel,
  });

  let app: ControlApi;
  try {
    app = await createControlApi(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    process.exit(1);
  }

  closeOnSignals(app, logger);

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

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    // Every problem, one per line, before any logger exists.
    process.stderr.write(
      `${isAppError(error) ? error.message : String(error)}\n`,
    );
    process.exit(2);
  }
}

function closeOnSignals(app: ControlApi, logger: Logger): void {
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
}

void main();
