import {
  isContractError,
  snapshotEtag,
  verifySnapshot,
  type VerifyingKey,
} from '@cellplane/contract';
import { Placement } from '@cellplane/ring';
import {
  SnapshotSource,
  type SnapshotSourceState,
  type SnapshotVia,
} from '@cellplane/snapshot-client';
import type { Logger } from 'pino';

/** The placement this instance judges requests by. */
export interface HeldPlacement {
  readonly version: number;
  readonly placement: Placement;
  readonly tenantIds: ReadonlySet<string>;
}

export type PlacementVerdict =
  | { readonly kind: 'serve' }
  | { readonly kind: 'unchecked' }
  | { readonly kind: 'unknown-tenant' }
  | { readonly kind: 'misdirected'; readonly expectedCell: string | null };

export interface PlacementFollowerOptions {
  readonly cellId: string;
  readonly instanceId: string;
  readonly controlApiUrl: string;
  readonly configToken: string;
  readonly keys: readonly VerifyingKey[];
  readonly pollIntervalMs: number;
  readonly logger: Logger;
  /** Longest a request waits for a newer snapshot it was routed by. */
  readonly catchUpTimeoutMs?: number;
}

/** Requests naming a version already asked for refetch at most this often. */
const CATCH_UP_MIN_INTERVAL_MS = 250;

/**
 * Follows the control-api's snapshots (verified with the control plane's
 * public key) and tells whether this cell should serve a tenant, so a
 * misrouted request is refused with 421 instead of landing in the wrong
 * cell's database.
 */
export class PlacementFollower {
  private held: HeldPlacement | null = null;
  private readonly source: SnapshotSource;
  private readonly logger: Logger;
  private lastCatchUpAt = 0;
  private lastCatchUpVersion = 0;
  private connected = false;
  private lastErrorCode: string | undefined;

  constructor(private readonly options: PlacementFollowerOptions) {
    this.logger = options.logger.child({ component: 'placement-follower' });
    this.source = new SnapshotSource({
      baseUrl: options.controlApiUrl,
      token: options.configToken,
      consumerId: options.instanceId,
      pollIntervalMs: options.pollIntervalMs,
      requestTimeoutMs: 2_000,
      onSnapshot: (text, via) => this.accept(text, via),
      onStateChange: (state) => this.onStateChange(state),
    });
  }

  get current(): HeldPlacement | null {
    return this.held;
  }

  start(): void {
    this.source.start({ version: null, etag: null });
  }

  async close(): Promise<void> {
    await this.source.close();
  }

  /**
   * Judges a tenant. When the request was routed by a newer snapshot than
   * the one held (`routedVersion`), fetch the latest first, within a bound,
   * so a fresh move is not refused by a stale cell.
   */
  async judge(
    tenantId: string,
    routedVersion: number | null,
  ): Promise<PlacementVerdict> {
    if (routedVersion !== null && routedVersion > (this.held?.version ?? 0)) {
      await this.catchUp(routedVersion);
    }

    const held = this.held;
    if (!held) return { kind: 'unchecked' };
    if (!held.tenantIds.has(tenantId)) return { kind: 'unknown-tenant' };

    const cellId = held.placement.cellFor(tenantId);
    if (cellId === this.options.cellId) return { kind: 'serve' };

    return { kind: 'misdirected', expectedCell: cellId ?? null };
  }

  /**
   * A version not asked for before is fetched at once; asking again for one
   * that did not come (a control-api still publishing, or a bogus header)
   * is throttled, and concurrent asks share one GET.
   */
  private async catchUp(routedVersion: number): Promise<void> {
    const now = Date.now();
    const asked = routedVersion <= this.lastCatchUpVersion;
    if (asked && now - this.lastCatchUpAt < CATCH_UP_MIN_INTERVAL_MS) return;
    this.lastCatchUpAt = now;
    this.lastCatchUpVersion = Math.max(this.lastCatchUpVersion, routedVersion);

    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.catchUpTimeoutMs ?? 1_000);
    });

    await Promise.race([this.source.refresh(), bound]);
    clearTimeout(timer);
  }

  private accept(text: string, via: SnapshotVia): void {
    const appliedVersion = this.held?.version ?? null;

    try {
      const envelope = verifySnapshot(text, {
        keys: this.options.keys,
        appliedVersion,
      });
      const { body } = envelope;

      this.held = {
        version: body.version,
        placement: new Placement(body.cells, body.overrides, body.ring),
        tenantIds: new Set(body.tenants.map((tenant) => tenant.id)),
      };
      this.source.setApplied({
        version: body.version,
        etag: snapshotEtag(envelope),
      });
      this.logger.info(
        { snapshotVersion: body.version, via },
        'snapshot applied',
      );
    } catch (error) {
      const code = isContractError(error)
        ? error.code
        : ((error as { code?: string }).code ?? 'UNKNOWN');
      this.logger.warn(
        { err: error, code, via, snapshotVersion: appliedVersion },
        'snapshot rejected',
      );
    }
  }

  /** Logs transitions only, never every ping or retry. */
  private onStateChange(state: SnapshotSourceState): void {
    if (state.connected !== this.connected) {
      this.connected = state.connected;
      if (state.connected) {
        this.logger.info('snapshot stream connected');
      } else {
        this.logger.warn({ reason: state.lastError }, 'snapshot stream lost');
      }
    }

    const code = state.lastError?.split(':')[0];
    if (code !== this.lastErrorCode) {
      this.lastErrorCode = code;
      if (code !== undefined) {
        this.logger.warn(
          { code, reason: state.lastError },
          'control-api unreachable or refusing',
        );
      }
    }
  }
}
