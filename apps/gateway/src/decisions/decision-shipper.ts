import {
  decisionRecordSchema,
  MAX_DECISIONS_PER_BATCH,
  type DecisionBatch,
  type DecisionRecord,
} from '@cellplane/contract';
import { setImmediate as yieldToRequests } from 'node:timers/promises';

import type { Logger } from '@cellplane/telemetry';
import { request } from 'undici';

import type { Runner } from '../runner';
import type { PolicyMetrics } from '../telemetry/policy-metrics';
import type { DecisionChunk, DecisionLog } from './decision-log';

export interface DecisionShipperOptions {
  readonly log: DecisionLog;
  /** The control-api; null: decisions stay in the bounded local log. */
  readonly controlPlane: {
    readonly url: string;
    readonly token: string;
  } | null;
  readonly gatewayId: string;
  /** Pause when the log is empty; failures back off from it to a minute. */
  readonly intervalMs: number;
  readonly timeoutMs?: number;
  readonly logger: Logger;
  readonly metrics: PolicyMetrics;
}

/** The control-api takes 2 MiB per batch; lines are read to well below. */
const MAX_BATCH_BYTES = 1536 * 1024;
const MAX_BACKOFF_MS = 60_000;

/**
 * Ships the decision log to `POST /v1/decisions` in batches of at most
 * `MAX_DECISIONS_PER_BATCH`, from the log's durable cursor, which moves
 * only after a 200: after an outage or a restart shipping resumes where it
 * stopped, and a batch sent twice (answer lost) is stored once because
 * decision ids are UUIDs the control plane deduplicates. Lines that are
 * not valid records and batches the control-api refuses as malformed (400,
 * 413) cannot ever be stored: they are counted as dropped and skipped, so
 * one bad line never blocks the log. Off the request path entirely.
 */
export class DecisionShipper implements Runner {
  readonly name = 'decision-shipper';

  private timer: NodeJS.Timeout | null = null;

  private running: Promise<void> | null = null;

  private failures = 0;

  private stopped = false;

  /** Aborts a batch on the way when the gateway shuts down. */
  private readonly stopping = new AbortController();

  constructor(private readonly options: DecisionShipperOptions) {}

  async start(): Promise<void> {
    if (this.options.controlPlane === null) {
      this.options.logger.warn(
        {},
        'no control plane configured, decisions stay in the local log',
      );

      return;
    }
    this.schedule(this.options.intervalMs);
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Ships until the log is empty or a batch fails; for tests and close. */
  async drain(): Promise<void> {
    while (!this.stopped && (await this.shipOne())) {
      // keep going while batches are accepted
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    let shippedAll = true;
    try {
      await this.drain();
    } catch (error) {
      shippedAll = false;
      this.failures += 1;
      if (this.failures === 1 || this.failures % 10 === 0) {
        this.options.logger.warn(
          { err: error, failures: this.failures },
          'decision shipping failed, will retry',
        );
      }
    }
    if (shippedAll && this.failures > 0) {
      this.options.logger.info(
        { failures: this.failures },
        'decision shipping resumed',
      );
      this.failures = 0;
    }

    const backoff = Math.min(
      MAX_BACKOFF_MS,
      this.options.intervalMs * 2 ** Math.min(this.failures, 10),
    );
    this.schedule(this.failures === 0 ? this.options.intervalMs : backoff);
  }

  /** One batch; true when one was shipped and more may wait. */
  private async shipOne(): Promise<boolean> {
    const { log, metrics, logger } = this.options;

    const chunk = await log.read(MAX_DECISIONS_PER_BATCH, MAX_BATCH_BYTES);
    if (chunk === null) return false;

    const { decisions, invalid } = await parseLines(chunk);
    if (invalid > 0) log.addDropped(invalid, 'invalid record');
    if (decisions.length === 0 && chunk.dropped === 0) {
      await log.commit(chunk.next, 0);

      return true;
    }

    const batch: DecisionBatch = {
      gatewayId: this.options.gatewayId,
      decisions,
      dropped: chunk.dropped,
    };
    const status = await this.post(batch);

    if ((status === 400 || status === 413) && decisions.length === 0) {
      // Drops alone are never malformed; retried with backoff, not lost.
      throw new Error(`POST /v1/decisions refused a batch of drops: ${status}`);
    }
    if (status === 400 || status === 413) {
      logger.error(
        { status, decisions: decisions.length, file: chunk.next.file },
        'decision batch refused, counted as dropped',
      );
      log.addDropped(decisions.length, 'batch refused');
      await log.commit(chunk.next, 0);

      return true;
    }

    await log.commit(chunk.next, chunk.dropped);
    metrics.shipped.inc(decisions.length);

    return true;
  }

  /** The answer's status when it is 200, 400 or 413; throws otherwise. */
  private async post(batch: DecisionBatch): Promise<number> {
    const { url, token } = this.options.controlPlane!;
    const response = await request(`${url}/v1/decisions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(batch),
      signal: AbortSignal.any([
        this.stopping.signal,
        AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      ]),
    });
    const text = await response.body.text();

    if ([200, 400, 413].includes(response.statusCode)) {
      return response.statusCode;
    }
    throw new Error(
      `POST /v1/decisions answered ${response.statusCode}: ${text.slice(0, 200)}`,
    );
  }
}

/** Records checked per turn of the event loop: about a millisecond. */
const PARSE_SLICE = 100;

/**
 * Parses and checks a chunk's lines against the schema, yielding to the
 * requests between slices: checking 500 records takes several ms.
 */
async function parseLines(chunk: DecisionChunk): Promise<{
  decisions: DecisionRecord[];
  invalid: number;
}> {
  const decisions: DecisionRecord[] = [];
  let invalid = 0;

  for (const [index, line] of chunk.lines.entries()) {
    if (index > 0 && index % PARSE_SLICE === 0) await yieldToRequests();
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      invalid += 1;
      continue;
    }
    const parsed = decisionRecordSchema.safeParse(value);
    if (parsed.success) decisions.push(parsed.data);
    else invalid += 1;
  }

  return { decisions, invalid };
}
