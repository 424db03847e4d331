import { readFileSync } from 'node:fs';

import { verifyingKeyFromPem } from '@cellplane/contract';
import { createLogger } from '@cellplane/telemetry';

import {
  CellAppConfigError,
  loadCellAppConfig,
} from './config/cell-app-config';
import { startCellApp } from './start-cell-app';

function loadConfigOrExit() {
  try {
    return loadCellAppConfig(process.env);
  } catch (error) {
    if (error instanceof CellAppConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

const config = loadConfigOrExit();
const logger = createLogger({
  component: 'cell-app',
  level: config.logLevel,
}).child({ cellId: config.cellId, instanceId: config.instanceId });

async function startOrExit() {
  try {
    const pem = readFileSync(config.publicKeyFile, 'utf8');
    const key = verifyingKeyFromPem(pem);

    return { key, app: await startCellApp(config, [key], logger) };
  } catch (error) {
    logger.fatal({ err: error }, 'cell-app failed to start');
    process.exit(1);
  }
}

const { key, app } = await startOrExit();
logger.info({ url: app.url, keyId: key.keyId }, 'cell-app listening');

let stopping = false;
async function shutdown(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = true;

  logger.info({ signal }, 'cell-app stopping');
  await app.close();
  logger.info('cell-app stopped');
  process.exit(0);
}

process.on('SIGTERM', (signal) => void shutdown(signal));
process.on('SIGINT', (signal) => void shutdown(signal));
