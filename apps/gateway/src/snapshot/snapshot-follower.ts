import { SnapshotSource } from '@cellplane/snapshot-client';
import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from '../config/gateway-config';
import type { Runner } from '../runner';
import type { ControlPlaneContact } from './control-plane-contact';
import type { IntakeOutcome, SnapshotIntake } from './snapshot-intake';
import type { SnapshotStore } from './snapshot-store';

/**
 * A snapshot refused because its policy bundle could not be fetched (the
 * control-api restarting, say) is offered again after these pauses,
 * unless a newer one applied meanwhile: otherwise it would wait for the
 * next publish.
 */
const BUNDLE_RETRY_DELAYS_MS = [5_000, 15_000, 45_000, 90_000];

/**
 * Follows the control-api's snapshots (stream first, conditional GET as
 * fallback) and hands each one to the intake. It starts from what the
 * gateway already serves, so a restart does not re-apply the same version.
 */
export class SnapshotFollower implements Runner {
  readonly name = 'snapshot-follower';

  private source: SnapshotSource | null = null;

  private readonly retries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly deps: {
      readonly config: GatewayConfig;
      readonly store: SnapshotStore;
      readonly intake: SnapshotIntake;
      readonly contact: ControlPlaneContact;
      readonly logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    const { config, store, contact, logger } = this.deps;
    if (config.controlPlane === null) {
      logger.warn({}, 'no control plane configured, serving from disk');

      return;
    }

    let connected = false;
    const source = new SnapshotSource({
      baseUrl: config.controlPlane.url,
      token: config.controlPlane.token,
      consumerId: config.gatewayId,
      pollIntervalMs: config.controlPlane.pollIntervalMs,
      onSnapshot: (text, via) => this.offer(text, via, 0),
      onStateChange: (state) => {
        contact.update(state);

        if (state.connected !== connected) {
          connected = state.connected;
          logger[connected ? 'info' : 'warn'](
            { reason: state.lastError },
            connected ? 'control plane connected' : 'control plane lost',
          );
        }
      },
    });

    store.onSwap((table) =>
      source.setApplied({ version: table.version, etag: table.etag }),
    );

    const current = store.current;
    source.start({
      version: current?.version ?? null,
      etag: current?.etag ?? null,
    });
    this.source = source;
  }

  async close(): Promise<void> {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    await this.source?.close();
    this.source = null;
  }

  private offer(text: string, via: 'stream' | 'poll', attempt: number): void {
    const { intake, logger } = this.deps;

    intake
      .offer(text, via)
      .then((outcome) => this.retryIfBundleMissing(outcome, text, via, attempt))
      .catch((error: unknown) => {
        logger.error({ err: error, via }, 'snapshot intake failed');
      });
  }

  private retryIfBundleMissing(
    outcome: IntakeOutcome,
    text: string,
    via: 'stream' | 'poll',
    attempt: number,
  ): void {
    if (outcome.kind !== 'rejected') return;
    if (outcome.code !== 'POLICY_BUNDLE_UNAVAILABLE') return;
    const delay = BUNDLE_RETRY_DELAYS_MS[attempt];
    if (delay === undefined || this.source === null) return;

    const timer = setTimeout(() => {
      this.retries.delete(timer);
      const applied = this.deps.store.current?.version ?? 0;
      if (applied >= outcome.version) return;
      this.deps.logger.info(
        { snapshotVersion: outcome.version, attempt: attempt + 1 },
        'snapshot offered again for its policy bundle',
      );
      this.offer(text, via, attempt + 1);
    }, delay);
    timer.unref();
    this.retries.add(timer);
  }
}
