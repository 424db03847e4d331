import { z } from 'zod';

import { OPEN_LOOP_JSON_MARKER, type OpenLoopResult } from './open-loop-result';

const resultSchema = z.object({
  rateRps: z.number().positive(),
  scheduled: z.number().int().min(0),
  completed: z.number().int().min(0),
  non2xx: z.number().int().min(0),
  errors: z.number().int().min(0),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
  maxMs: z.number().nullable(),
  sendLagP50Ms: z.number().nullable(),
  sendLagP99Ms: z.number().nullable(),
});

/**
 * The open-loop client's JSON line out of its stdout. NaN (no sample)
 * arrives as null through JSON and is refused, like a missing line.
 */
export function parseOpenLoopOutput(stdout: string): OpenLoopResult {
  const line = stdout
    .split('\n')
    .find((each) => each.startsWith(`${OPEN_LOOP_JSON_MARKER} `));
  if (line === undefined) {
    throw new Error(`no ${OPEN_LOOP_JSON_MARKER} line in open-loop output`);
  }

  const result = resultSchema.parse(
    JSON.parse(line.slice(OPEN_LOOP_JSON_MARKER.length + 1)),
  );
  const { p50Ms, p99Ms, maxMs, sendLagP50Ms, sendLagP99Ms } = result;
  if (p50Ms === null || p99Ms === null || maxMs === null) {
    throw new Error('open-loop run completed no request');
  }

  return {
    ...result,
    p50Ms,
    p99Ms,
    maxMs,
    sendLagP50Ms: sendLagP50Ms ?? 0,
    sendLagP99Ms: sendLagP99Ms ?? 0,
  };
}
