import { createServer } from 'node:net';

/**
 * A port the kernel just handed out on 127.0.0.1 and took back, for a
 * server whose port must be known before it starts (it goes into the
 * snapshot, or into nginx's config). Servers are started right after, and
 * the caller checks it is still free.
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
