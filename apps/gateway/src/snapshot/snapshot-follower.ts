import { SnapshotSource } from '@cellplane/snapshot-client';
import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from '../config/gateway-config';
import type { Runner } from '../runner';
import type { ControlPlaneContact } from './control-plane-contact';
import type { SnapshotIntake } from './snapshot-intake';
import type { SnapshotStore } from './snapshot-store';

/**
 * Follows the control-api's snapshots (stream first, conditional GET as
 * fallback) and hands each one to the intake. It starts from what the
 * gateway already serves, so a restart does not re-apply the same version.
 */
export class SnapshotFollower implements Runner {
  readonly name = 'snapshot-follower';

  private source: SnapshotSource | null = null;

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
    const { config, store, intake, contact, logger } = this.deps;
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
      onSnapshot: (text, via) => {
        intake.offer(text, via).catch((error: unknown) => {
          logger.error({ err: error, via }, 'snapshot intake failed');
        });
      },
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
    await this.source?.close();
    this.source = null;
  }
}
