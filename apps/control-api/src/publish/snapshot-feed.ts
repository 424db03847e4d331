import type { Logger } from '@cellplane/telemetry';
import type { Redis } from 'ioredis';

import type { Db } from '../db/db-types';
import {
  loadLatestVersion,
  loadSnapshot,
  type ServedSnapshot,
} from './load-snapshot';

export type SnapshotListener = (snapshot: ServedSnapshot) => void;

export interface SnapshotFeedOptions {
  readonly db: Db;
  /** A connection of its own: a subscribed ioredis client can do nothing else. */
  readonly subscriber: Redis;
  readonly channel: string;
  readonly pollMs: number;
  readonly logger: Logger;
}

/**
 * This process's view of the latest snapshot. It learns of new versions
 * from Redis pub/sub (any process may have published) and, as a safety net
 * for a lost message, by polling Postgres; listeners (the SSE streams) get
 * each new version once, in order.
 */
export class SnapshotFeed {
  private current: ServedSnapshot | null = null;
  private readonly listeners = new Set<SnapshotListener>();
  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;
  private announced: number | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SnapshotFeedOptions) {}

  async start(): Promise<void> {
    const { subscriber, channel } = this.options;

    subscriber.on('message', (from: string, message: string) => {
      if (from !== channel) return;

      const announced = Number(message);
      void this.refresh(Number.isSafeInteger(announced) ? announced : null);
    });
    await subscriber.subscribe(channel);
    await this.refresh();

    this.timer = setInterval(() => void this.refresh(), this.options.pollMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.listeners.clear();
    await this.refreshing;
    await this.options.subscriber.quit();
  }

  /** The latest snapshot this process knows, or null before the first. */
  latest(): ServedSnapshot | null {
    return this.current;
  }

  /** Calls `listener` for every newer snapshot; returns the unsubscribe. */
  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);

    return () => this.listeners.delete(listener);
  }

  /**
   * Loads the latest version if it is newer than the one held; `announced`
   * (from pub/sub) saves asking Postgres which one that is. Calls made
   * while one runs coalesce into one more run, so nothing is missed and
   * versions are never delivered out of order.
   */
  refresh(announced: number | null = null): Promise<void> {
    if (announced !== null) {
      this.announced = Math.max(this.announced ?? 0, announced);
    }

    if (this.refreshing) {
      this.refreshAgain = true;

      return this.refreshing;
    }

    this.refreshing = this.runRefreshes().finally(() => {
      this.refreshing = null;
    });

    return this.refreshing;
  }

  private async runRefreshes(): Promise<void> {
    do {
      this.refreshAgain = false;

      try {
        await this.loadNewer();
      } catch (error) {
        this.options.logger.warn({ err: error }, 'snapshot refresh failed');
      }
    } while (this.refreshAgain);
  }

  private async loadNewer(): Promise<void> {
    const { db } = this.options;
    const announced = this.announced;
    this.announced = null;

    const version = announced ?? (await loadLatestVersion(db));
    if (version === null || version <= (this.current?.version ?? 0)) return;

    const snapshot = await loadSnapshot(db, version);
    if (snapshot) this.accept(snapshot, 'loaded');
  }

  /**
   * Takes a snapshot this process just published, sparing its own
   * subscribers the round trip through Redis and Postgres.
   */
  offer(snapshot: ServedSnapshot): void {
    this.accept(snapshot, 'offered');
  }

  // Newer only: a slow load must not replace a version offered meanwhile.
  private accept(snapshot: ServedSnapshot, how: 'loaded' | 'offered'): void {
    if (snapshot.version <= (this.current?.version ?? 0)) return;

    this.current = snapshot;
    this.options.logger.info(
      { snapshotVersion: snapshot.version, subscribers: this.listeners.size },
      `snapshot ${how}`,
    );

    for (const listener of this.listeners) listener(snapshot);
  }
}
