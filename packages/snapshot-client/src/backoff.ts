export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential from
 * `initialMs`, capped at `maxMs`, with "equal jitter" (half fixed, half
 * random) so a fleet that lost the control-api together does not come back
 * in lockstep; never below `initialMs`.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(attempt, 30);
  const step = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const half = step / 2;

  return Math.max(options.initialMs, Math.round(half + random() * half));
}
