import type { SnapshotSourceState } from '@cellplane/snapshot-client';

export interface ContactStatus {
  readonly connected: boolean;
  /** True when the gateway serves config it cannot know to be current. */
  readonly stale: boolean;
  /** Seconds since the control plane last answered; null if it never did. */
  readonly lastContactAgeSeconds: number | null;
  readonly lastError: string | null;
}

/**
 * What the gateway knows of its link to the control plane, for `/readyz`
 * and metrics. Stale (K13) means: no control plane configured, or never
 * reached since start and the first attempt failed, or not heard from for
 * longer than `staleAfterMs`. A stale gateway still serves.
 */
export class ControlPlaneContact {
  private state: SnapshotSourceState = {
    connected: false,
    lastContactAt: null,
  };

  private readonly startedAt: number;

  constructor(
    private readonly options: {
      readonly configured: boolean;
      readonly staleAfterMs: number;
      readonly now?: () => number;
    },
  ) {
    this.startedAt = this.now();
  }

  update(state: SnapshotSourceState): void {
    this.state = state;
  }

  status(): ContactStatus {
    const now = this.now();
    const { connected, lastContactAt, lastError } = this.state;
    const age = lastContactAt === null ? null : now - lastContactAt;

    const stale =
      !this.options.configured ||
      (age === null
        ? lastError !== undefined ||
          now - this.startedAt > this.options.staleAfterMs
        : age > this.options.staleAfterMs);

    return {
      connected,
      stale,
      lastContactAgeSeconds: age === null ? null : Math.round(age / 100) / 10,
      lastError: lastError ?? null,
    };
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
