import cluster, { type Worker } from 'node:cluster';

import { isIpcMessage } from './ipc-message';

/**
 * The half-open probe of an instance, for the whole gateway rather than
 * per worker (K10: exactly one probe reaches the upstream). Breakers stay
 * per worker; when a worker's breaker for an instance is half-open and
 * hands out its probe, the worker asks the primary for the instance's
 * probe slot over cluster IPC and sends the probe only when granted.
 *
 * ```ts
 * // primary, once:        grantProbeSlots();
 * // every worker, once:   const slots = new ProbeSlots(intervalMs, holdMs);
 * // per probe:            if (await slots.claim(id)) { send; slots.release(id) }
 * ```
 *
 * The primary grants one slot per instance at a time and at most one per
 * `intervalMs`; a slot is free again when its holder releases it (the
 * probe's outcome) or after `holdMs` (a holder that died or never
 * reported). Without an answer from the primary within `ANSWER_MS` the
 * worker takes the slot as refused: the probe waits for the next interval
 * rather than risk a stampede. Closed breakers never get here, so normal
 * traffic pays no IPC.
 */
const CLAIM = 'cellplane:probe-claim';
const RELEASE = 'cellplane:probe-release';
const ANSWER_MS = 1_000;

interface Claim {
  readonly type: typeof CLAIM;
  readonly requestId: number;
  readonly instanceId: string;
  readonly intervalMs: number;
  readonly holdMs: number;
}

interface ClaimAnswer {
  readonly type: `${typeof CLAIM}:answer`;
  readonly requestId: number;
  readonly granted: boolean;
}

interface Release {
  readonly type: typeof RELEASE;
  readonly instanceId: string;
}

interface Slot {
  holder: number | null;
  heldUntil: number;
  nextAt: number;
}

/** In the primary: grants and frees the probe slots every worker asks for. */
export function grantProbeSlots(now: () => number = Date.now): void {
  const slots = new Map<string, Slot>();

  cluster.on('message', (worker: Worker, message: unknown) => {
    if (isIpcMessage<Release>(message, RELEASE)) {
      const slot = slots.get(message.instanceId);
      if (slot?.holder === worker.id) slot.holder = null;

      return;
    }
    if (!isIpcMessage<Claim>(message, CLAIM)) return;

    const at = now();
    const slot = slots.get(message.instanceId) ?? {
      holder: null,
      heldUntil: 0,
      nextAt: 0,
    };
    const free = slot.holder === null || at >= slot.heldUntil;
    const granted = free && at >= slot.nextAt;
    if (granted) {
      slot.holder = worker.id;
      slot.heldUntil = at + message.holdMs;
      slot.nextAt = at + message.intervalMs;
      slots.set(message.instanceId, slot);
    }

    if (worker.isConnected()) {
      const answer: ClaimAnswer = {
        type: `${CLAIM}:answer`,
        requestId: message.requestId,
        granted,
      };
      worker.send(answer);
    }
  });
}

/** In a worker: claims and releases probe slots from the primary. */
export class ProbeSlots {
  private nextId = 0;

  private readonly pending = new Map<number, (granted: boolean) => void>();

  constructor(
    private readonly intervalMs: number,
    private readonly holdMs: number,
  ) {
    process.on('message', (message: unknown) => {
      if (!isIpcMessage<ClaimAnswer>(message, `${CLAIM}:answer`)) return;
      this.pending.get(message.requestId)?.(message.granted);
    });
  }

  /** Whether this worker may send the probe of `instanceId` now. */
  claim(instanceId: string): Promise<boolean> {
    const requestId = this.nextId++;

    return new Promise((resolve) => {
      const timer = setTimeout(() => settle(false), ANSWER_MS);
      const settle = (granted: boolean): void => {
        clearTimeout(timer);
        this.pending.delete(requestId);
        resolve(granted);
      };
      this.pending.set(requestId, settle);

      const claim: Claim = {
        type: CLAIM,
        requestId,
        instanceId,
        intervalMs: this.intervalMs,
        holdMs: this.holdMs,
      };
      process.send?.(claim);
    });
  }

  /** The probe has its outcome: another worker may probe after the interval. */
  release(instanceId: string): void {
    const release: Release = { type: RELEASE, instanceId };
    process.send?.(release);
  }
}
