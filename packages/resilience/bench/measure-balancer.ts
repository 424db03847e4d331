// Measures LeastConnectionBalancer.pick plus the lease report, in
// nanoseconds per request, for cells of three and twelve instances; once
// with the balancer reading its own clock and once with the caller passing
// the time it read for the request.
// Run: npx tsx packages/resilience/bench/measure-balancer.ts
import { LeastConnectionBalancer } from '../src/index';

const CALLS = 300_000;
const ROUNDS = 10;

function measure(instanceCount: number, passTime: boolean): void {
  const balancer = new LeastConnectionBalancer(
    Array.from({ length: instanceCount }, (_, i) => ({
      id: `i-${i}`,
      weight: 1 + (i % 3),
    })),
  );
  const samples: number[] = [];
  let now = performance.now();

  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) {
      const latencyMs = 5 + (i % 7);
      if (passTime) {
        now += 0.001;
        balancer.pick(now)!.success(latencyMs, now);
      } else {
        balancer.pick()!.success(latencyMs);
      }
    }
    samples.push(Number(process.hrtime.bigint() - start) / CALLS);
  }

  // The first rounds warm up the JIT; report the median of the rest.
  const steady = samples.slice(3).sort((a, b) => a - b);
  const median = steady[Math.floor(steady.length / 2)]!;
  const clock = passTime ? 'time passed in' : 'own clock reads';
  console.log(
    `${instanceCount} instances, ${clock}: median ${median.toFixed(0)} ` +
      `ns/request (min ${steady[0]!.toFixed(0)})`,
  );
}

for (const instanceCount of [3, 12]) {
  measure(instanceCount, false);
  measure(instanceCount, true);
}
