import type { GatewayReport } from '@cellplane/contract';
import { postReport } from '@cellplane/snapshot-client';
import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from '../config/gateway-config';
import type { Runner } from '../runner';
import type { SnapshotVerdicts } from './snapshot-intake';
import type { SnapshotStore } from './snapshot-store';

/**
 * Tells the control plane what this gateway applied: an ACK or NACK per
 * snapshot, a heartbeat every interval and a last one at shutdown. Reports
 * are fire-and-forget: losing them costs the fleet view freshness, never a
 * request.
 */
export class SnapshotReporter implements Runner, SnapshotVerdicts {
  readonly name = 'snapshot-reporter';

  private timer: NodeJS.Timeout | null = null;

  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      readonly config: GatewayConfig;
      readonly store: SnapshotStore;
      readonly logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    if (this.deps.config.controlPlane === null) return;

    this.timer = setInterval(
      () => this.heartbeat(),
      this.deps.config.heartbeatIntervalMs,
    );
    this.timer.unref();
    this.heartbeat();
  }

  ack(version: number): void {
    this.send({ kind: 'ack', version, appliedVersion: version });
  }

  nack(version: number, code: string, reason: string): void {
    this.send({
      kind: 'nack',
      version,
      appliedVersion: this.appliedVersion(),
      code: code.slice(0, 64),
      reason: reason.slice(0, 2000),
    });
  }

  heartbeat(reason?: string): void {
    const applied = this.appliedVersion();
    this.send({
      kind: 'heartbeat',
      version: applied ?? 0,
      appliedVersion: applied,
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /** Sends the final heartbeat and waits for reports still on the way. */
  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;

    if (this.deps.config.controlPlane !== null) this.heartbeat('shutdown');
    await Promise.allSettled([...this.pending]);
  }

  private appliedVersion(): number | null {
    return this.deps.store.current?.version ?? null;
  }

  private send(fields: Omit<GatewayReport, 'gatewayId' | 'at'>): void {
    const { config, logger } = this.deps;
    if (config.controlPlane === null) return;

    const report: GatewayReport = {
      gatewayId: config.gatewayId,
      at: new Date().toISOString(),
      ...fields,
    };
    const { url, token } = config.controlPlane;

    const sending = postReport(url, token, report).then((result) => {
      if (!result.ok) {
        const level = report.kind === 'heartbeat' ? 'debug' : 'warn';
        logger[level](
          {
            kind: report.kind,
            snapshotVersion: report.version,
            reason: result.reason,
          },
          'report not delivered',
        );
      }
    });
    this.pending.add(sending);
    void sending.finally(() => this.pending.delete(sending));
  }
}
