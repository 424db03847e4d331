import { freePort } from './free-port';
import { nextBin, webDir } from './repo-paths';
import { ServiceProcess } from './service-process';

export interface ConsoleOptions {
  controlApiUrl: string;
  logFile: string;
}

/** The built console (`next start`) on a free port; resolves to its URL. */
export async function startConsole(
  options: ConsoleOptions,
  started: ServiceProcess[],
): Promise<string> {
  const port = await freePort();
  const web = new ServiceProcess({
    name: 'console',
    command: process.execPath,
    args: [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    cwd: webDir,
    logFile: options.logFile,
    env: {
      CONTROL_API_URL: options.controlApiUrl,
      NEXT_TELEMETRY_DISABLED: '1',
    },
  });
  started.push(web);

  const url = `http://127.0.0.1:${port}`;
  await web.waitForHttp(`${url}/sign-in`);

  return url;
}
