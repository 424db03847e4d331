import { Redis } from 'ioredis';

/** Removes the BullMQ keys a control-api left under its queue prefix. */
export async function deleteRedisKeys(
  redisUrl: string,
  prefix: string,
): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });
  await redis.connect();

  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${prefix}:*`,
        'COUNT',
        500,
      );
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
