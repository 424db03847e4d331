import { freePort } from './free-port';
import { repo, tsxBin } from './repo-paths';
import { ServiceProcess } from './service-process';

export interface GatewayOptions {
  gatewayId: string;
  controlApiUrl: string;
  configToken: string;
  publicKeyFile: string;
  stateDir: string;
  logFile: string;
}

/** `tsx apps/gateway/src/main.ts`, ready once it holds a snapshot. */
export async function startGateway(
  options: GatewayOptions,
  started: ServiceProcess[],
): Promise<ServiceProcess> {
  const port = await freePort();
  const gateway = new ServiceProcess({
    name: 'gateway',
    command: process.execPath,
    args: [tsxBin, 'apps/gateway/src/main.ts'],
    cwd: repo,
    logFile: options.logFile,
    env: {
      GATEWAY_ID: options.gatewayId,
      GATEWAY_HOST: '127.0.0.1',
      GATEWAY_PORT: String(port),
      CONTROL_API_URL: options.controlApiUrl,
      CELLPLANE_CONFIG_TOKEN: options.configToken,
      SNAPSHOT_PUBLIC_KEY_FILE: options.publicKeyFile,
      GATEWAY_STATE_DIR: options.stateDir,
      LOG_LEVEL: 'warn',
    },
  });
  started.push(gateway);

  await gateway.waitForHttp(`http://127.0.0.1:${port}/readyz`);

  return gateway;
}
