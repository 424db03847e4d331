import type { Instance } from '@cellplane/contract';

import type { GatewayConfig } from '../config/gateway-config';
import { UpstreamPool } from './upstream-pool';

/** The pool of one instance and the path its URL puts before every request. */
export interface Upstream {
  readonly pool: UpstreamPool;
  readonly basePath: string;
}

interface Entry extends Upstream {
  readonly url: string;
}

/**
 * One keep-alive connection pool per instance, created on first use. When a
 * snapshot drops an instance or moves it to another URL, its pool is closed
 * gracefully: requests already on it finish, new ones use the new pool.
 */
export class UpstreamPools {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: GatewayConfig['upstream']) {}

  get(instance: Instance): Upstream {
    const entry = this.entries.get(instance.id);
    if (entry !== undefined && entry.url === instance.url) return entry;

    if (entry !== undefined) void entry.pool.close();

    const created = this.create(instance.url);
    this.entries.set(instance.id, created);

    return created;
  }

  /** Closes the pools of instances that `instances` no longer holds as is. */
  retain(instances: ReadonlyMap<string, Instance>): void {
    for (const [id, entry] of this.entries) {
      if (instances.get(id)?.url === entry.url) continue;

      this.entries.delete(id);
      void entry.pool.close();
    }
  }

  /** Waits for requests in flight, then closes every connection. */
  async close(): Promise<void> {
    const pools = [...this.entries.values()].map((entry) => entry.pool);
    this.entries.clear();

    await Promise.allSettled(pools.map((pool) => pool.close()));
  }

  private create(url: string): Entry {
    const parsed = new URL(url);

    // Beyond the connect timeout, the exchange's own deadline bounds each
    // request, response body included.
    const pool = new UpstreamPool(parsed.origin, {
      connections: this.options.connectionsPerInstance,
      keepAliveTimeoutMs: this.options.keepAliveTimeoutMs,
      connectTimeoutMs: this.options.connectTimeoutMs,
    });

    return { url, pool, basePath: parsed.pathname.replace(/\/+$/, '') };
  }
}
