import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { ManagedProcess } from '../processes/managed-process';
import { waitForHttp } from '../processes/wait-for-http';
import type { DemoConfig } from './demo-config';

export interface DemoInstance {
  readonly id: string;
  readonly cellId: string;
  readonly url: string;
}

export interface RunningStack {
  readonly processes: readonly ManagedProcess[];
  readonly controlApiUrl: string;
  readonly gatewayUrl: string;
  readonly webUrl: string;
  readonly configToken: string;
  readonly logDir: string;
}

// Apps run as `node --import tsx <entry>` (the gateway as `node <bundle>`),
// not through the tsx CLI: the CLI is a wrapper process, and a SIGKILL to
// it would leave the app running.
const NODE = process.execPath;
const TSX = ['--import', 'tsx'];
const NEXT = resolve('node_modules/next/dist/bin/next');

/**
 * Starts every app of the demo as its own process, each waited for before
 * the next depends on it: control-api (publishes the first snapshot), the
 * cells' instances, the gateway, then the console.
 */
export async function startStack(
  config: DemoConfig,
  instances: readonly DemoInstance[],
  cellDatabaseUrls: ReadonlyMap<string, string>,
): Promise<RunningStack> {
  const logDir = resolve(config.stateDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  const configToken = randomBytes(24).toString('base64url');
  const controlApiUrl = `http://127.0.0.1:${config.controlApiPort}`;
  const gatewayUrl = `http://127.0.0.1:${config.gatewayPort}`;
  const webUrl = `http://127.0.0.1:${config.webPort}`;
  const controlStateDir = resolve(config.stateDir, 'control-api');
  const publicKeyFile = join(controlStateDir, 'snapshot-signing.pub.pem');
  const processes: ManagedProcess[] = [];

  const start = (name: string, args: string[], env: Record<string, string>) => {
    const child = new ManagedProcess({
      name,
      command: args[0]!,
      args: args.slice(1),
      env,
      logFile: join(logDir, `${name}.log`),
    });
    processes.push(child);

    return child;
  };

  try {
    const controlApi = start(
      'control-api',
      [NODE, ...TSX, 'apps/control-api/src/main.ts'],
      {
        DATABASE_URL: config.databaseUrl,
        REDIS_URL: config.redisUrl,
        CONTROL_API_PORT: String(config.controlApiPort),
        CELLPLANE_STATE_DIR: controlStateDir,
        CELLPLANE_CONFIG_TOKEN: configToken,
        // The demo's load driver stands in for a load balancer in front of
        // the gateway: its x-forwarded-for names the simulated end user.
        CELLPLANE_TRUSTED_PROXIES: '127.0.0.1,::1',
      },
    );
    await waitForHttp(`${controlApiUrl}/healthz`, controlApi);

    const cellApps = instances.map((instance) =>
      start(instance.id, [NODE, ...TSX, 'apps/cell-app/src/main.ts'], {
        CELL_ID: instance.cellId,
        INSTANCE_ID: instance.id,
        CELL_APP_PORT: new URL(instance.url).port,
        CELL_DATABASE_URL: cellDatabaseUrls.get(instance.cellId)!,
        CONTROL_API_URL: controlApiUrl,
        CELLPLANE_CONFIG_TOKEN: configToken,
        SNAPSHOT_PUBLIC_KEY_FILE: publicKeyFile,
      }),
    );
    await Promise.all(
      cellApps.map((child, i) =>
        waitForHttp(`${instances[i]!.url}/readyz`, child),
      ),
    );

    // The gateway runs as deployed: its bundle (built by scripts/demo.sh),
    // with its node flags (apps/gateway/README.md, "Running it").
    const gateway = start(
      'gateway',
      [
        NODE,
        '--enable-source-maps',
        '--single-threaded-gc',
        'apps/gateway/dist/main.js',
      ],
      {
        GATEWAY_ID: 'demo-gw-1',
        GATEWAY_PORT: String(config.gatewayPort),
        GATEWAY_ADMIN_PORT: String(config.gatewayAdminPort),
        CONTROL_API_URL: controlApiUrl,
        CELLPLANE_CONFIG_TOKEN: configToken,
        SNAPSHOT_PUBLIC_KEY_FILE: publicKeyFile,
        GATEWAY_STATE_DIR: resolve(config.stateDir, 'gateway'),
      },
    );
    await waitForHttp(`${gatewayUrl}/readyz`, gateway);

    const web = start(
      'web',
      [
        NODE,
        NEXT,
        'start',
        'apps/web',
        '-p',
        String(config.webPort),
        '-H',
        '127.0.0.1',
      ],
      { CONTROL_API_URL: controlApiUrl },
    );
    await waitForHttp(`${webUrl}/sign-in`, web);
  } catch (error) {
    await Promise.all(processes.map((child) => child.stop()));
    throw error;
  }

  return {
    processes,
    controlApiUrl,
    gatewayUrl,
    webUrl,
    configToken,
    logDir,
  };
}
