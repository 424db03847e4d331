/**
 * One control-api process for crash tests: the environment as for main.ts,
 * plus tunables as JSON in TEST_TUNABLES (lock and stall times short
 * enough for a test to wait them out).
 */
import { createLogger } from '@cellplane/telemetry';

import { createControlApi } from '../../src/app/create-control-api';
import { loadConfig } from '../../src/config/load-config';

const config = loadConfig(
  process.env,
  JSON.parse(process.env.TEST_TUNABLES ?? '{}') as object,
);
const logger = createLogger({
  component: 'control-api',
  level: config.logLevel,
});
const app = await createControlApi(config, logger);
await app.start();
