import type { GatewayReport } from '@cellplane/contract';
import { request, type Dispatcher } from 'undici';

import { describeError } from './snapshot-client-error';

export interface PostReportOptions {
  /** Bound on the whole request; the default suits a background loop. */
  readonly timeoutMs?: number;
  /** undici dispatcher to send through; the global one by default. */
  readonly dispatcher?: Dispatcher;
}

export type PostReportResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly status?: number };

const DEFAULT_TIMEOUT_MS = 2_000;

/**
 * Sends one gateway report (ack, nack or heartbeat) to `POST /v1/reports`.
 * Reporting only costs the control plane freshness when it fails, so this
 * never throws: it resolves with `ok: false` and the reason instead.
 */
export async function postReport(
  baseUrl: string,
  token: string,
  report: GatewayReport,
  options: PostReportOptions = {},
): Promise<PostReportResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);

  try {
    const response = await request(
      `${baseUrl.replace(/\/+$/, '')}/v1/reports`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'x-cellplane-consumer': report.gatewayId,
        },
        body: JSON.stringify(report),
        signal: controller.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      },
    );
    const text = await response.body.text();

    if (response.statusCode >= 200 && response.statusCode < 300) {
      return { ok: true };
    }

    return {
      ok: false,
      status: response.statusCode,
      reason: `POST /v1/reports answered ${response.statusCode}: ${text.slice(0, 500)}`,
    };
  } catch (error) {
    const reason = controller.signal.aborted
      ? `SNAPSHOT_CLIENT_TIMEOUT: POST /v1/reports took over ${timeoutMs} ms`
      : describeError(error);

    return { ok: false, reason };
  } finally {
    clearTimeout(timer);
  }
}
