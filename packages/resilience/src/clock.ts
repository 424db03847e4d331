/** Milliseconds from an arbitrary origin; only differences matter. */
export type Clock = () => number;

/** Monotonic, so a wall-clock step cannot open a breaker or refill a bucket. */
export const monotonicClock: Clock = () => performance.now();
