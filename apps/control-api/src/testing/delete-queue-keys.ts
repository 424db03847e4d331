import { Redis } from 'ioredis';

/**
 * Removes every Redis key a control-api left under its queue prefix
 * (CELLPLANE_QUEUE_PREFIX): what a test or benchmark run cleans up after
 * giving its control-api a prefix of its own.
 */
export async function deleteQueueKeys(
  redisUrl: string,
  prefix: string,
): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true });

  try {
    await redis.connect();

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
    redis.disconnect();
  }
}
