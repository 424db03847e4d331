import { createLogger } from '@cellplane/telemetry';

import { ConfigError } from './config/config-error';
import { loadGatewayConfig } from './config/load-gateway-config';
import { createGateway } from './create-gateway';

/**
 * The gateway process: parse the configuration once, start the runners
 * composed by `createGateway`, and close them in order on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig(process.env, process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }

  const logger = createLogger({ component: 'gateway', level: config.logLevel });
  const gateway = createGateway(config, logger);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;

    logger.info({ signal }, 'shutdown started');
    void gateway.close().then(() => {
      logger.info({}, 'shutdown complete');
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);

  try {
    await gateway.start();
  } catch (error) {
    logger.fatal({ err: error }, 'gateway failed to start');
    await gateway.close();
    process.exit(1);
  }
}

void main();
