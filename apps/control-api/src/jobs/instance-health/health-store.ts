import type { Redis } from 'ioredis';

export type InstanceHealth = 'up' | 'down' | 'unknown';

export interface HealthRecord {
  readonly health: InstanceHealth;
  readonly checkedAt: string;
  /** Why an instance is down or unknown, for the console. */
  readonly reason?: string;
}

/**
 * Latest probe result per instance, in one Redis hash so that every
 * control-api process answers `cells.list` with the same view.
 */
export class HealthStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    queuePrefix: string,
  ) {
    this.key = `${queuePrefix}:instance-health`;
  }

  async write(records: ReadonlyMap<string, HealthRecord>): Promise<void> {
    if (records.size === 0) return;

    const fields = [...records].flatMap(([id, record]) => [
      id,
      JSON.stringify(record),
    ]);
    await this.redis.hset(this.key, ...fields);
  }

  /** Drops instances that no longer exist, so the hash does not grow. */
  async retain(instanceIds: readonly string[]): Promise<void> {
    const known = new Set(instanceIds);
    const stored = await this.redis.hkeys(this.key);
    const gone = stored.filter((id) => !known.has(id));

    if (gone.length > 0) await this.redis.hdel(this.key, ...gone);
  }

  async readAll(): Promise<Map<string, HealthRecord>> {
    const raw = await this.redis.hgetall(this.key);

    return new Map(
      Object.entries(raw).map(([id, text]) => [
        id,
        JSON.parse(text) as HealthRecord,
      ]),
    );
  }
}
