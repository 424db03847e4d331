/**
 * The proxy a Node team would otherwise pick: fastify 5 with
 * @fastify/reply-from forwarding every request to one upstream over an
 * undici keep-alive pool. No logging, like the other servers of the bench.
 */
import replyFrom from '@fastify/reply-from';
import Fastify from 'fastify';
import { z } from 'zod';

const env = z
  .object({
    UPSTREAM_URL: z.url({ protocol: /^http$/ }),
    PORT: z.coerce.number().int().min(1).max(65_535),
    UPSTREAM_CONNECTIONS: z.coerce.number().int().min(1).max(4096),
  })
  .parse(process.env);

const app = Fastify({ logger: false });
await app.register(replyFrom, {
  base: env.UPSTREAM_URL,
  undici: { connections: env.UPSTREAM_CONNECTIONS, pipelining: 1 },
});
app.all('/*', (request, reply) => reply.from(request.url));

await app.listen({ host: '127.0.0.1', port: env.PORT });

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
