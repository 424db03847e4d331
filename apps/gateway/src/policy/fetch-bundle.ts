import { setTimeout as sleep } from 'node:timers/promises';

import { request } from 'undici';

import { digestOf } from './bundle-cache';
import { PolicyLoadError } from './policy-load-error';

export interface FetchBundleOptions {
  /** The control-api's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly token: string;
  readonly digest: string;
  /** The snapshot's `sizeBytes`: the body may not be larger. */
  readonly maxBytes: number;
  /** Per attempt, headers and body included. */
  readonly timeoutMs: number;
  readonly attempts: number;
  /** First pause between attempts; doubled each time. */
  readonly backoffMs?: number;
}

/** Statuses worth another attempt: the control-api may be restarting. */
const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * `GET /v1/bundles/<digest>` from the control-api, bounded in size and
 * time, retried on network errors and transient statuses with a doubling
 * pause. The bytes are returned only when they hash to the digest: the
 * signed snapshot names the digest, so that is what makes them trusted.
 * Throws `PolicyLoadError` (`POLICY_BUNDLE_UNAVAILABLE` or
 * `POLICY_BUNDLE_DIGEST_MISMATCH`).
 */
export async function fetchBundle(
  options: FetchBundleOptions,
): Promise<Uint8Array> {
  const backoffMs = options.backoffMs ?? 250;
  let lastError: unknown = null;

  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    if (attempt > 1) await sleep(backoffMs * 2 ** (attempt - 2));

    try {
      const bytes = await fetchOnce(options);
      if (digestOf(bytes) !== options.digest) {
        throw new PolicyLoadError(
          'POLICY_BUNDLE_DIGEST_MISMATCH',
          `the control-api served ${digestOf(bytes)} for ${options.digest}`,
        );
      }

      return bytes;
    } catch (error) {
      if (error instanceof PolicyLoadError && !isRetryable(error)) throw error;
      lastError = error;
    }
  }

  if (lastError instanceof PolicyLoadError) throw lastError;
  throw new PolicyLoadError(
    'POLICY_BUNDLE_UNAVAILABLE',
    `fetching ${options.digest} failed after ${options.attempts} attempts: ${String(
      (lastError as Error | null)?.message ?? lastError,
    )}`,
    { cause: lastError },
  );
}

class TransientStatus extends PolicyLoadError {}

function isRetryable(error: PolicyLoadError): boolean {
  return error instanceof TransientStatus;
}

async function fetchOnce(options: FetchBundleOptions): Promise<Uint8Array> {
  const url = `${options.baseUrl}/v1/bundles/${options.digest}`;
  const signal = AbortSignal.timeout(options.timeoutMs);
  const response = await request(url, {
    method: 'GET',
    headers: {
      authorization: `Bearer ${options.token}`,
      accept: 'application/gzip',
    },
    signal,
  });

  if (response.statusCode !== 200) {
    response.body.resume();
    const detail = `GET ${url} answered ${response.statusCode}`;
    if (TRANSIENT.has(response.statusCode)) {
      throw new TransientStatus('POLICY_BUNDLE_UNAVAILABLE', detail);
    }
    throw new PolicyLoadError('POLICY_BUNDLE_UNAVAILABLE', detail);
  }

  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    response.body.destroy();
    throw tooLarge(options, declared);
  }

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > options.maxBytes) {
      response.body.destroy();
      throw tooLarge(options, size);
    }
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks, size);
}

function tooLarge(options: FetchBundleOptions, size: number): PolicyLoadError {
  return new PolicyLoadError(
    'POLICY_BUNDLE_DIGEST_MISMATCH',
    `${options.digest} is larger (${size} bytes or more) than the snapshot's sizeBytes ${options.maxBytes}`,
  );
}
