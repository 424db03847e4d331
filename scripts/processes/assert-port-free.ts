import { createServer } from 'node:net';

/** Fails with the port's name when something else already listens there. */
export async function assertPortFree(
  port: number,
  what: string,
): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();

    probe.once('error', () =>
      reject(
        new Error(
          `port ${port} (${what}) is in use on 127.0.0.1; stop what holds it ` +
            `or choose another port with the matching *_PORT variable`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}
