import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago. `next start` takes its port
 * on the command line, so the port is chosen here rather than with port 0.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();

    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
