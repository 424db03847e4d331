import { Agent, request } from 'undici';

import { backoffDelay } from './backoff';
import { readBodyText } from './read-body-text';
import {
  SnapshotClientError,
  describeError,
  toSnapshotClientError,
} from './snapshot-client-error';
import { SseParser, type SseEvent } from './sse-parser';

/** How a snapshot reached the consumer. */
export type SnapshotVia = 'stream' | 'poll';

/** The connection state handed to `onStateChange`. */
export interface SnapshotSourceState {
  /** True while the event stream is open. */
  readonly connected: boolean;
  /** Epoch ms of the last answer from the control-api (event, ping, GET). */
  readonly lastContactAt: number | null;
  /**
   * `CODE: message` of the current failure: the last GET's if it failed,
   * else the stream's while it is down.
   */
  readonly lastError?: string;
}

/** What the consumer holds now; drives Last-Event-ID and If-None-Match. */
export interface AppliedSnapshot {
  readonly version: number | null;
  readonly etag: string | null;
}

export interface SnapshotSourceOptions {
  /** The control-api's origin, e.g. `http://127.0.0.1:4000`. */
  readonly baseUrl: string;
  /** Bearer token for `/v1` (CELLPLANE_CONFIG_TOKEN). */
  readonly token: string;
  /** Sent as `x-cellplane-consumer`, so the control-api knows who asks. */
  readonly consumerId: string;
  /** GET interval while the stream is down. */
  readonly pollIntervalMs?: number;
  /** Bound on connecting plus headers (stream) or a whole GET. */
  readonly requestTimeoutMs?: number;
  /**
   * Silence on an open stream after which it is presumed dead and reopened;
   * the control-api pings every 15 s, so the default allows three misses.
   */
  readonly streamIdleTimeoutMs?: number;
  /** First and largest reconnect delay of the stream. */
  readonly reconnectInitialMs?: number;
  readonly reconnectMaxMs?: number;
  /** Largest snapshot accepted, in bytes. */
  readonly maxSnapshotBytes?: number;
  /** Raw envelope text; the consumer verifies it with `verifySnapshot`. */
  readonly onSnapshot: (text: string, via: SnapshotVia) => void;
  readonly onStateChange?: (state: SnapshotSourceState) => void;
}

/** One object holds every default, beside the documented options. */
export const SNAPSHOT_SOURCE_DEFAULTS = {
  pollIntervalMs: 5_000,
  requestTimeoutMs: 5_000,
  streamIdleTimeoutMs: 45_000,
  reconnectInitialMs: 250,
  reconnectMaxMs: 10_000,
  maxSnapshotBytes: 32 * 1024 * 1024,
} as const;

/** A stream that stayed open this long was healthy: backoff starts over. */
const HEALTHY_STREAM_MS = 5_000;

type Settings = Required<
  Omit<SnapshotSourceOptions, 'onSnapshot' | 'onStateChange'>
>;

/**
 * Follows a control-api's snapshots: the SSE stream first, a conditional GET
 * at start and every `pollIntervalMs` while the stream is down, reconnecting
 * with jittered exponential backoff. It never verifies or applies anything:
 * it hands raw text over and learns what was applied through `setApplied`.
 */
export class SnapshotSource {
  private readonly settings: Settings;
  private readonly agent: Agent;
  private readonly controllers = new Set<AbortController>();
  private applied: AppliedSnapshot = { version: null, etag: null };
  private lastHandedText: string | null = null;
  private state: SnapshotSourceState = {
    connected: false,
    lastContactAt: null,
  };
  private started = false;
  private closed = false;
  private readonly errors: {
    stream: string | undefined;
    fetch: string | undefined;
  } = { stream: undefined, fetch: undefined };
  private serverRetryMs: number | null = null;
  private runLoop: Promise<void> | null = null;
  private fetchInFlight: Promise<void> | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: SnapshotSourceOptions) {
    const d = SNAPSHOT_SOURCE_DEFAULTS;
    this.settings = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      token: options.token,
      consumerId: options.consumerId,
      pollIntervalMs: options.pollIntervalMs ?? d.pollIntervalMs,
      requestTimeoutMs: options.requestTimeoutMs ?? d.requestTimeoutMs,
      streamIdleTimeoutMs: options.streamIdleTimeoutMs ?? d.streamIdleTimeoutMs,
      reconnectInitialMs: options.reconnectInitialMs ?? d.reconnectInitialMs,
      reconnectMaxMs: options.reconnectMaxMs ?? d.reconnectMaxMs,
      maxSnapshotBytes: options.maxSnapshotBytes ?? d.maxSnapshotBytes,
    };
    this.agent = new Agent({
      connect: { timeout: this.settings.requestTimeoutMs },
      keepAliveTimeout: 10_000,
    });
  }

  /** The latest state, also delivered through `onStateChange`. */
  get currentState(): SnapshotSourceState {
    return this.state;
  }

  /** Starts following, from what the consumer already holds (or nulls). */
  start(applied: AppliedSnapshot): void {
    if (this.started) {
      throw new SnapshotClientError(
        'SNAPSHOT_CLIENT_ALREADY_STARTED',
        'this snapshot source was already started',
      );
    }
    this.started = true;
    this.applied = applied;
    this.runLoop = this.run();
  }

  /** Tells the source what the consumer applied after verifying it. */
  setApplied(applied: AppliedSnapshot): void {
    this.applied = applied;
  }

  /**
   * Fetches the latest snapshot now with a conditional GET (joining one in
   * flight), bounded by `requestTimeoutMs`. Never rejects; failures land in
   * `lastError`. A cell uses it when a request names a newer version.
   */
  refresh(): Promise<void> {
    if (this.closed) return Promise.resolve();

    this.fetchInFlight ??= this.fetchLatest().finally(() => {
      this.fetchInFlight = null;
    });

    return this.fetchInFlight;
  }

  /** Stops everything: no timer, socket or request is left behind. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;

    this.clearPollTimer();
    this.wakeUp();
    for (const controller of this.controllers) controller.abort();

    await Promise.allSettled([this.runLoop, this.fetchInFlight]);
    await this.agent.destroy();
  }

  private async run(): Promise<void> {
    // 1. Cold start: one conditional GET, so a consumer is served even if
    //    the stream endpoint is broken.
    await this.refresh();

    // 2. Then the stream, reopened after every failure with backoff and
    //    covered by polling while it is down.
    let attempt = 0;
    while (!this.closed) {
      const openedAt = Date.now();
      let opened = false;

      try {
        await this.followStream(() => {
          opened = true;
        });
      } catch (error) {
        if (!this.closed) this.recordError(error, 'stream');
      }

      this.setConnected(false);
      if (this.closed) break;

      this.schedulePoll();

      if (opened && Date.now() - openedAt >= HEALTHY_STREAM_MS) attempt = 0;
      await this.sleep(this.reconnectDelay(attempt));
      attempt += 1;
    }
  }

  private reconnectDelay(attempt: number): number {
    const { reconnectInitialMs, reconnectMaxMs } = this.settings;

    // A server `retry:` field raises the first step, within our own bounds.
    const initialMs = Math.min(
      reconnectMaxMs,
      Math.max(reconnectInitialMs, this.serverRetryMs ?? 0),
    );

    return backoffDelay(attempt, { initialMs, maxMs: reconnectMaxMs });
  }

  private async followStream(onOpen: () => void): Promise<void> {
    const { settings } = this;
    const controller = this.track(new AbortController());

    const headers: Record<string, string> = {
      ...this.commonHeaders(),
      accept: 'text/event-stream',
      'cache-control': 'no-cache',
    };
    if (this.applied.version !== null) {
      headers['last-event-id'] = String(this.applied.version);
    }

    try {
      const response = await request(
        `${settings.baseUrl}/v1/snapshots/stream`,
        {
          dispatcher: this.agent,
          method: 'GET',
          headers,
          signal: controller.signal,
          headersTimeout: settings.requestTimeoutMs,
          bodyTimeout: settings.streamIdleTimeoutMs,
        },
      );

      if (response.statusCode !== 200) {
        await response.body.dump();
        throw new SnapshotClientError(
          'SNAPSHOT_CLIENT_HTTP_STATUS',
          `GET /v1/snapshots/stream answered ${response.statusCode}`,
        );
      }

      const contentType = String(response.headers['content-type'] ?? '');
      if (!contentType.startsWith('text/event-stream')) {
        await response.body.dump();
        throw new SnapshotClientError(
          'SNAPSHOT_CLIENT_NOT_EVENT_STREAM',
          `GET /v1/snapshots/stream sent ${contentType || 'no content type'}`,
        );
      }

      onOpen();
      this.clearPollTimer();
      this.clearError('stream');
      this.update({ connected: true, lastContactAt: Date.now() });

      await this.readEvents(response.body);
    } finally {
      this.controllers.delete(controller);
    }

    throw new SnapshotClientError(
      'SNAPSHOT_CLIENT_STREAM_ENDED',
      'the control-api closed the snapshot stream',
    );
  }

  private async readEvents(body: AsyncIterable<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    const parser = new SseParser({
      onEvent: (event) => this.onStreamEvent(event),
      onRetry: (milliseconds) => {
        this.serverRetryMs = milliseconds;
      },
      onComment: () => this.update({ lastContactAt: Date.now() }),
    });

    for await (const chunk of body) {
      parser.feed(decoder.decode(chunk, { stream: true }));

      if (parser.pendingLength > this.settings.maxSnapshotBytes) {
        throw new SnapshotClientError(
          'SNAPSHOT_CLIENT_TOO_LARGE',
          `stream event exceeds ${this.settings.maxSnapshotBytes} characters`,
        );
      }
    }
  }

  private onStreamEvent(event: SseEvent): void {
    this.update({ lastContactAt: Date.now() });

    if (event.type !== 'snapshot') return;

    this.handOver(event.data, 'stream', parseVersion(event.id));
  }

  private async fetchLatest(): Promise<void> {
    const { settings } = this;
    const controller = this.track(new AbortController());
    const timer = setTimeout(() => {
      controller.abort(
        new SnapshotClientError(
          'SNAPSHOT_CLIENT_TIMEOUT',
          `GET /v1/snapshots/latest took over ${settings.requestTimeoutMs} ms`,
        ),
      );
    }, settings.requestTimeoutMs);

    const headers = this.commonHeaders();
    if (this.applied.etag !== null) {
      headers['if-none-match'] = this.applied.etag;
    }

    try {
      const response = await request(
        `${settings.baseUrl}/v1/snapshots/latest`,
        {
          dispatcher: this.agent,
          method: 'GET',
          headers,
          signal: controller.signal,
          headersTimeout: settings.requestTimeoutMs,
          bodyTimeout: settings.requestTimeoutMs,
        },
      );

      if (response.statusCode === 200) {
        const text = await readBodyText(
          response.body,
          settings.maxSnapshotBytes,
        );
        this.clearError('fetch');
        this.update({ lastContactAt: Date.now() });
        this.handOver(
          text,
          'poll',
          parseVersion(response.headers['x-config-version']),
        );

        return;
      }

      await response.body.dump();

      // 304: nothing newer; 404: the control-api has no snapshot yet. Both
      // are healthy answers.
      if (response.statusCode === 304 || response.statusCode === 404) {
        this.clearError('fetch');
        this.update({ lastContactAt: Date.now() });

        return;
      }

      throw new SnapshotClientError(
        'SNAPSHOT_CLIENT_HTTP_STATUS',
        `GET /v1/snapshots/latest answered ${response.statusCode}`,
      );
    } catch (error) {
      if (!this.closed) {
        this.recordError(controller.signal.reason ?? error, 'fetch');
      }
    } finally {
      clearTimeout(timer);
      this.controllers.delete(controller);
    }
  }

  /**
   * Hands a snapshot to the consumer unless the version it announces (SSE
   * id or `x-config-version`) is one the consumer already applied, or the
   * text is byte for byte the one handed last (stream and poll delivering
   * the same snapshot). The announced version is unverified, so it never
   * suppresses a different text: a corrupt version N followed by a good
   * version N must reach the consumer, or one bad event would hold a
   * gateway a version behind.
   */
  private handOver(
    text: string,
    via: SnapshotVia,
    announced: number | null,
  ): void {
    const applied = this.applied.version;
    if (announced !== null && applied !== null && announced <= applied) return;
    if (text === this.lastHandedText) return;
    this.lastHandedText = text;

    try {
      this.options.onSnapshot(text, via);
    } catch (error) {
      this.recordError(
        new SnapshotClientError(
          'SNAPSHOT_CLIENT_CONSUMER_THREW',
          error instanceof Error ? error.message : String(error),
          { cause: error },
        ),
        via === 'stream' ? 'stream' : 'fetch',
      );
    }
  }

  private schedulePoll(): void {
    if (this.closed || this.state.connected || this.pollTimer) return;

    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.refresh().then(() => this.schedulePoll());
    }, this.settings.pollIntervalMs);
  }

  private clearPollTimer(): void {
    if (this.pollTimer === null) return;

    clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private sleep(milliseconds: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(() => this.wakeUp(), milliseconds);
    });
  }

  private wakeUp(): void {
    if (this.sleepTimer !== null) clearTimeout(this.sleepTimer);
    this.sleepTimer = null;

    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private track(controller: AbortController): AbortController {
    this.controllers.add(controller);

    return controller;
  }

  private commonHeaders(): Record<string, string> {
    return {
      authorization: `Bearer ${this.settings.token}`,
      'x-cellplane-consumer': this.settings.consumerId,
    };
  }

  private setConnected(connected: boolean): void {
    if (this.state.connected !== connected) this.update({ connected });
  }

  private recordError(error: unknown, channel: 'stream' | 'fetch'): void {
    this.errors[channel] = describeError(toSnapshotClientError(error));
    this.update({});
  }

  private clearError(channel: 'stream' | 'fetch'): void {
    this.errors[channel] = undefined;
  }

  /**
   * Merges a change into the state and tells the consumer. `lastError` is
   * the failing GET if any, else the stream's failure while it is down.
   */
  private update(change: Partial<SnapshotSourceState>): void {
    const { lastError: _previous, ...rest } = { ...this.state, ...change };
    const lastError = this.errors.fetch ?? this.errors.stream;

    this.state = lastError === undefined ? rest : { ...rest, lastError };
    if (!this.closed) this.options.onStateChange?.(this.state);
  }
}

/** A version announced in an SSE id or header; null when absent or odd. */
function parseVersion(value: string | string[] | undefined): number | null {
  if (typeof value !== 'string' || !/^[0-9]{1,15}$/.test(value)) return null;

  return Number.parseInt(value, 10);
}
