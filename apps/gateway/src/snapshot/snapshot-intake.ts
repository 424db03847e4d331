import {
  isContractError,
  verifySnapshot,
  type SnapshotEnvelope,
  type VerifyingKey,
} from '@cellplane/contract';
import type { Logger } from '@cellplane/telemetry';

import { GATEWAY_SNAPSHOT_CODES } from '../errors/gateway-error-codes';
import { EdgeConfigError } from '../hygiene/edge-config-error';
import type { LoadedPolicy } from '../policy/loaded-policy';
import { PolicyLoadError } from '../policy/policy-load-error';
import type { PolicyLoader } from '../policy/policy-loader';
import type { GatewayMetrics } from '../telemetry/gateway-metrics';
import {
  buildRoutingTable,
  PlacementBuildError,
  withPolicy,
  type RoutingTable,
  type RoutingTableOptions,
} from './routing-table';
import type { SnapshotFiles } from './snapshot-files';
import type { SnapshotStore } from './snapshot-store';

/** Where a snapshot came from. */
export type SnapshotVia = 'stream' | 'poll' | 'saved-file' | 'boot-file';

export type IntakeOutcome =
  | { readonly kind: 'accepted'; readonly table: RoutingTable }
  | {
      readonly kind: 'rejected';
      readonly version: number;
      readonly code: string;
      readonly reason: string;
    };

/** Where ACKs and NACKs go; the reporter sends them to the control plane. */
export interface SnapshotVerdicts {
  ack(version: number): void;
  nack(version: number, code: string, reason: string): void;
}

export interface SnapshotIntakeDeps {
  readonly store: SnapshotStore;
  readonly files: SnapshotFiles;
  readonly keys: readonly VerifyingKey[];
  readonly logger: Logger;
  readonly metrics: GatewayMetrics;
  readonly verdicts: SnapshotVerdicts;
  readonly tableOptions: RoutingTableOptions;
  /**
   * Loads the snapshot's policy bundle before the swap. Without it a
   * snapshot that names a bundle is refused (`POLICY_BUNDLE_UNAVAILABLE`).
   */
  readonly policies?: PolicyLoader;
  /**
   * False in every worker but the first: one process writes the state
   * directory, the others verify and apply the same snapshots.
   */
  readonly persist?: boolean;
  readonly now?: () => number;
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * The one way a snapshot becomes the routing table: verify signature,
 * schema and version; build placement; refuse an empty table over a serving
 * one; load the policy bundle it names (cache or control-api, digest,
 * evaluator, entrypoint); save to disk; swap table and policy together.
 * Any failure refuses the snapshot whole and the table and policy in
 * service stay (K12). Offers are handled one at a time, so two
 * snapshots arriving together cannot apply out of order.
 */
export class SnapshotIntake {
  private queue: Promise<unknown> = Promise.resolve();

  private readonly now: () => number;

  constructor(private readonly deps: SnapshotIntakeDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** A snapshot pushed or polled from the control plane. */
  offer(text: string, via: 'stream' | 'poll'): Promise<IntakeOutcome> {
    return this.serialize(async () => {
      const outcome = await this.admit(text, via, {
        persist: true,
        acceptedAt: this.now(),
      });
      this.report(outcome);

      return outcome;
    });
  }

  /**
   * A snapshot read at boot, from the state directory or `--snapshot`.
   * Verified like any other; not reported, since nobody pushed it now.
   */
  load(
    text: string,
    via: 'saved-file' | 'boot-file',
    options: { persist: boolean; acceptedAt: number },
  ): Promise<IntakeOutcome> {
    return this.serialize(() => this.admit(text, via, options));
  }

  private async admit(
    text: string,
    via: SnapshotVia,
    options: { persist: boolean; acceptedAt: number },
  ): Promise<IntakeOutcome> {
    const { store, files, logger, metrics } = this.deps;
    const applied = store.current;

    let table: RoutingTable;
    try {
      table = this.verify(text, applied, options.acceptedAt);
      table = withPolicy(table, await this.loadPolicy(table, applied));
    } catch (error) {
      const refusal = asRefusal(error);
      const version = claimedVersion(text);
      metrics.snapshotUpdates.inc({ result: 'rejected', code: refusal.code });
      logger.warn(
        {
          snapshotVersion: version,
          appliedVersion: applied?.version ?? null,
          code: refusal.code,
          reason: refusal.message,
          via,
        },
        'snapshot rejected',
      );

      return {
        kind: 'rejected',
        version,
        code: refusal.code,
        reason: refusal.message,
      };
    }

    if (options.persist && this.deps.persist !== false) {
      // A snapshot that cannot be saved still serves: the disk only matters
      // for the next restart, and the control plane will send it again.
      await files.save(text).catch((error: unknown) => {
        logger.error(
          { err: error, snapshotVersion: table.version },
          'snapshot not saved',
        );
      });
    }

    store.swap(table);
    metrics.snapshotUpdates.inc({ result: 'accepted', code: 'OK' });
    logger.info(
      {
        snapshotVersion: table.version,
        previousVersion: applied?.version ?? null,
        code: 'OK',
        via,
      },
      'snapshot accepted',
    );

    return { kind: 'accepted', table };
  }

  private verify(
    text: string,
    applied: RoutingTable | null,
    acceptedAt: number,
  ): RoutingTable {
    const envelope: SnapshotEnvelope = verifySnapshot(text, {
      keys: this.deps.keys,
      appliedVersion: applied?.version ?? null,
    });

    let table: RoutingTable;
    try {
      table = buildRoutingTable(
        envelope,
        acceptedAt,
        this.deps.tableOptions,
        applied,
      );
    } catch (error) {
      if (error instanceof EdgeConfigError) {
        throw new Refusal(
          error.code,
          `${GATEWAY_SNAPSHOT_CODES[error.code]}: ${error.message}`,
          { cause: error },
        );
      }
      if (error instanceof PlacementBuildError) {
        throw new Refusal(
          'GW_SNAPSHOT_PLACEMENT',
          `${GATEWAY_SNAPSHOT_CODES.GW_SNAPSHOT_PLACEMENT}: ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }

    if (applied?.servable && !table.servable) {
      throw new Refusal(
        'GW_SNAPSHOT_EMPTY',
        `${GATEWAY_SNAPSHOT_CODES.GW_SNAPSHOT_EMPTY} (version ${table.version})`,
      );
    }

    return table;
  }

  private async loadPolicy(
    table: RoutingTable,
    applied: RoutingTable | null,
  ): Promise<LoadedPolicy | null> {
    const section = table.envelope.body.policy;
    if (section === undefined) return null;

    if (this.deps.policies === undefined) {
      throw new PolicyLoadError(
        'POLICY_BUNDLE_UNAVAILABLE',
        'this gateway loads no policy bundles',
      );
    }

    return this.deps.policies.prepare(section, applied?.policy ?? null);
  }

  private report(outcome: IntakeOutcome): void {
    if (outcome.kind === 'accepted') {
      this.deps.verdicts.ack(outcome.table.version);
    } else {
      this.deps.verdicts.nack(outcome.version, outcome.code, outcome.reason);
    }
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);

    return run;
  }
}

function asRefusal(error: unknown): Refusal {
  if (error instanceof Refusal) return error;

  if (error instanceof PolicyLoadError) {
    return new Refusal(error.code, error.message, { cause: error });
  }

  if (isContractError(error)) {
    return new Refusal(error.code, error.message, { cause: error });
  }

  return new Refusal('GW_SNAPSHOT_UNEXPECTED', String(error), { cause: error });
}

/** The version a refused snapshot claims, for the NACK; 0 when unreadable. */
function claimedVersion(text: string): number {
  try {
    const body = (JSON.parse(text) as { body?: { version?: unknown } }).body;
    const version = body?.version;

    return Number.isSafeInteger(version) && (version as number) >= 0
      ? (version as number)
      : 0;
  } catch {
    return 0;
  }
}
