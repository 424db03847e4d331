import { join } from 'node:path';

import { freePort } from './free-port';
import { repo, tsxBin } from './repo-paths';
import { ServiceProcess } from './service-process';

export interface ControlApiOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  configToken: string;
  stateDir: string;
  logFile: string;
}

export interface RunningControlApi {
  process: ServiceProcess;
  url: string;
  /** Written by the control-api on first start; gateways verify with it. */
  publicKeyFile: string;
}

/** `tsx apps/control-api/src/main.ts` on a free port, once it is healthy. */
export async function startControlApi(
  options: ControlApiOptions,
  started: ServiceProcess[],
): Promise<RunningControlApi> {
  const port = await freePort();
  const api = new ServiceProcess({
    name: 'control-api',
    command: process.execPath,
    args: [tsxBin, 'apps/control-api/src/main.ts'],
    cwd: repo,
    logFile: options.logFile,
    env: {
      DATABASE_URL: options.databaseUrl,
      REDIS_URL: options.redisUrl,
      CONTROL_API_HOST: '127.0.0.1',
      CONTROL_API_PORT: String(port),
      CELLPLANE_STATE_DIR: options.stateDir,
      CELLPLANE_CONFIG_TOKEN: options.configToken,
      CELLPLANE_QUEUE_PREFIX: options.queuePrefix,
      LOG_LEVEL: 'warn',
    },
  });
  started.push(api);

  const url = `http://127.0.0.1:${port}`;
  await api.waitForHttp(`${url}/healthz`);

  return {
    process: api,
    url,
    publicKeyFile: join(options.stateDir, 'snapshot-signing.pub.pem'),
  };
}
