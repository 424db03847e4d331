import { assertPortFree } from '../../../scripts/processes/assert-port-free';
import { waitForHttp } from '../../../scripts/processes/wait-for-http';
import { freePort } from '../setup/free-port';
import { nodeEntry, startPinned } from '../setup/start-pinned';
import type { BenchConfiguration } from './bench-configuration';
import { packageVersion } from './package-version';

/** fastify 5 + @fastify/reply-from in one process, in front of the cell. */
export const fastifyReplyFrom: BenchConfiguration = {
  kind: 'measured',
  name: 'fastify_reply_from',
  description: 'fastify 5 + @fastify/reply-from, one process',
  load: 'tenant-header',
  start: async ({ upstream, logDir, serverCpu }) => {
    const port = await freePort();
    await assertPortFree(port, 'bench fastify proxy');

    const child = startPinned({
      name: 'fastify-reply-from',
      cpu: serverCpu,
      command: process.execPath,
      args: nodeEntry('bench/matrix/servers/fastify-reply-from-server.ts'),
      env: {
        UPSTREAM_URL: upstream.url,
        PORT: String(port),
        UPSTREAM_CONNECTIONS: '64',
      },
      logDir,
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHttp(`${url}/healthz`, child, 60_000);
    } catch (error) {
      await child.stop();
      throw error;
    }

    return {
      url,
      measuredPids: [child.pid!],
      measuredName: 'fastify proxy process',
      processes: [child],
      details: {
        fastify: packageVersion('fastify'),
        replyFrom: packageVersion('@fastify/reply-from'),
      },
      stop: () => child.stop(),
    };
  },
};
