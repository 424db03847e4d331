import { z } from 'zod';

import { WRK_JSON_MARKER } from './wrk-script';

const wrkJsonSchema = z.object({
  requests: z.number().int().min(0),
  duration_us: z.number().positive(),
  p50_us: z.number().min(0),
  p99_us: z.number().min(0),
  max_us: z.number().min(0),
  status_errors: z.number().int().min(0),
  connect_errors: z.number().int().min(0),
  read_errors: z.number().int().min(0),
  write_errors: z.number().int().min(0),
  timeouts: z.number().int().min(0),
  fresh_tokens: z.number().int().min(0).default(0),
});

/** One closed-loop run as wrk saw it. */
export interface WrkResult {
  readonly requests: number;
  readonly durationS: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Answers that were not 2xx or 3xx. */
  readonly non2xx: number;
  /** Connect, read and write errors and timeouts, together. */
  readonly socketErrors: number;
  /** Fresh bearer tokens the run sent (token configurations only). */
  readonly freshTokens: number;
}

export class WrkOutputError extends Error {
  readonly code = 'BENCH_WRK_OUTPUT';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WrkOutputError';
  }
}

/**
 * Reads the JSON line our script's `done` prints (see wrk-script.ts) out of
 * wrk's whole stdout. Throws when it is missing or malformed, so a broken
 * run can never turn into a number.
 */
export function parseWrkOutput(stdout: string): WrkResult {
  const line = stdout
    .split('\n')
    .find((each) => each.startsWith(`${WRK_JSON_MARKER} `));
  if (line === undefined) {
    throw new WrkOutputError(`no ${WRK_JSON_MARKER} line in wrk output`);
  }

  let json: unknown;
  try {
    json = JSON.parse(line.slice(WRK_JSON_MARKER.length + 1));
  } catch (error) {
    throw new WrkOutputError('wrk summary is not JSON', { cause: error });
  }

  const parsed = wrkJsonSchema.safeParse(json);
  if (!parsed.success) {
    throw new WrkOutputError(`wrk summary: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }

  const w = parsed.data;
  const durationS = w.duration_us / 1e6;

  return {
    requests: w.requests,
    durationS,
    rps: w.requests / durationS,
    p50Ms: w.p50_us / 1000,
    p99Ms: w.p99_us / 1000,
    maxMs: w.max_us / 1000,
    non2xx: w.status_errors,
    socketErrors:
      w.connect_errors + w.read_errors + w.write_errors + w.timeouts,
    freshTokens: w.fresh_tokens,
  };
}
