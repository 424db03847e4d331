import type { Cell, Instance } from '@cellplane/contract';
import { HealthChecker, type CellHealth } from '@cellplane/resilience';
import type { Logger } from '@cellplane/telemetry';

import type { GatewayConfig } from '../config/gateway-config';
import type { UpstreamPools } from '../proxy/upstream-pools';
import { upstreamStatus } from '../proxy/upstream-status';
import type { Runner } from '../runner';

interface CellChecks {
  readonly checker: HealthChecker;
  readonly instances: ReadonlyMap<string, Instance>;
}

/**
 * Active health checks of every instance (K11): `GET <instance>/healthz`
 * every `intervalMs`, a 2xx within `timeoutMs` passes. One
 * `HealthChecker` per cell holds the thresholds' state machine; this
 * runner only sends the probes it names. Instances start healthy, so a
 * new instance takes traffic before its first checks.
 */
export class InstanceHealth implements Runner {
  readonly name = 'health-checks';

  private readonly cells = new Map<string, CellChecks>();

  private readonly probing = new Set<string>();

  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly options: GatewayConfig['health'],
    private readonly pools: UpstreamPools,
    private readonly logger: Logger,
  ) {}

  /** Follows a new table: cells and instances that stay keep their state. */
  retain(cells: ReadonlyMap<string, Cell>): void {
    for (const id of this.cells.keys()) {
      if (!cells.has(id)) this.cells.delete(id);
    }
    for (const cell of cells.values()) {
      const ids = cell.instances.map((i) => i.id);
      const entry = this.cells.get(cell.id);
      const checker =
        entry?.checker ??
        new HealthChecker(ids, {
          intervalMs: this.options.intervalMs,
          unhealthyThreshold: this.options.unhealthyThreshold,
          healthyThreshold: this.options.healthyThreshold,
        });
      if (entry !== undefined) checker.setInstances(ids);
      this.cells.set(cell.id, {
        checker,
        instances: new Map(cell.instances.map((i) => [i.id, i])),
      });
    }
  }

  /** True unless checks of a known instance say otherwise. */
  isHealthy(cellId: string, instanceId: string): boolean {
    if (!this.options.enabled) return true;
    const entry = this.cells.get(cellId);

    return entry === undefined || !entry.instances.has(instanceId)
      ? true
      : entry.checker.isHealthy(instanceId);
  }

  /** The cell's health; null when checks are off or the cell is unknown. */
  cellHealth(cellId: string): CellHealth | null {
    if (!this.options.enabled) return null;

    return this.cells.get(cellId)?.checker.cellHealth() ?? null;
  }

  /** Every cell's health, for `/readyz` and metrics. */
  all(): Map<string, CellHealth> {
    const result = new Map<string, CellHealth>();
    if (!this.options.enabled) return result;
    for (const [id, entry] of this.cells) {
      result.set(id, entry.checker.cellHealth());
    }

    return result;
  }

  async start(): Promise<void> {
    if (!this.options.enabled) return;

    // Ticks finer than the interval, so a check is at most a tenth of an
    // interval late; each instance is still checked once per interval.
    const tick = Math.max(10, Math.floor(this.options.intervalMs / 10));
    this.timer = setInterval(() => this.checkDue(), tick);
    this.timer.unref();
    this.checkDue();
  }

  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  private checkDue(): void {
    for (const [cellId, entry] of this.cells) {
      for (const instanceId of entry.checker.dueForCheck()) {
        const instance = entry.instances.get(instanceId);
        if (instance === undefined || this.probing.has(instanceId)) continue;
        void this.probe(cellId, entry, instance);
      }
    }
  }

  private async probe(
    cellId: string,
    entry: CellChecks,
    instance: Instance,
  ): Promise<void> {
    this.probing.add(instance.id);
    let passed = false;
    try {
      const upstream = this.pools.get(instance);
      const status = await upstreamStatus(
        upstream.pool,
        upstream.basePath + this.options.path,
        ['user-agent', 'cellplane-gateway-health'],
        this.options.timeoutMs,
      );
      passed = status >= 200 && status < 300;
    } catch {
      passed = false;
    } finally {
      this.probing.delete(instance.id);
    }

    // The cell may have left the table while the probe was out.
    if (this.cells.get(cellId) !== entry) return;
    const before = entry.checker.isHealthy(instance.id);
    entry.checker.record(instance.id, passed);
    const after = entry.checker.isHealthy(instance.id);
    if (before !== after) {
      this.logger.warn(
        { cellId, instanceId: instance.id, healthy: after },
        'instance health changed',
      );
    }
  }
}
