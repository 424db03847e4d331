// Measures RateLimiter.check in nanoseconds per call, with the default
// monotonic clock and with a clock that costs nothing.
// Run: npx tsx packages/resilience/bench/measure-rate-limiter.ts
import { RateLimiter } from '../src/index';

const KEYS = 10_000;
const CALLS = 1_000_000;
const ROUNDS = 12;

const keys = Array.from(
  { length: KEYS },
  (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
);

function measure(
  name: string,
  limiter: RateLimiter,
  clock?: () => number,
): void {
  const samples: number[] = [];
  let allowed = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) {
      const key = keys[i % KEYS]!;
      const decision = clock ? limiter.check(key, clock()) : limiter.check(key);
      if (decision.allowed) allowed++;
    }
    samples.push(Number(process.hrtime.bigint() - start) / CALLS);
  }

  // The first rounds warm up the JIT; report the median of the rest.
  const steady = samples.slice(4).sort((a, b) => a - b);
  const median = steady[Math.floor(steady.length / 2)]!;
  console.log(
    `${name}: median ${median.toFixed(1)} ns/check ` +
      `(min ${steady[0]!.toFixed(1)}, ${allowed} allowed)`,
  );
}

let tick = 0;
measure(
  `${KEYS} keys, fixed-step clock`,
  new RateLimiter({
    ratePerSecond: 100,
    burst: 100,
    now: () => (tick += 0.001),
  }),
);
measure(
  `${KEYS} keys, performance.now()`,
  new RateLimiter({ ratePerSecond: 100, burst: 100 }),
);
// The gateway reads the clock once per request and passes it down.
tick = 0;
measure(
  `${KEYS} keys, time passed in by the caller`,
  new RateLimiter({ ratePerSecond: 100, burst: 100 }),
  () => (tick += 0.001),
);
