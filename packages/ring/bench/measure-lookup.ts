// Measures HashRing.lookup and murmur3 alone, in nanoseconds per call.
// Run: npx tsx packages/ring/bench/measure-lookup.ts
import { HashRing, murmur3 } from '../src/index';
import type { PlacementCell } from '../src/index';

const TENANTS = 100_000;
const ROUNDS = 20;

const cells: PlacementCell[] = Array.from({ length: 6 }, (_, i) => ({
  id: `cell-${i + 1}`,
  capacityRps: 10_000,
  weight: 1,
  state: 'active',
}));
const ring = HashRing.build(cells);
const tenantIds = Array.from(
  { length: TENANTS },
  (_, i) => `tenant-${i.toString(36)}-${(i * 2654435761) >>> 0}`,
);

// A gateway hashes an id it has just read, so it is in cache; 100,000
// distinct ids are not, which makes the cold figure the pessimistic one.
const hotIds = tenantIds.slice(0, 1_000);
const hotTenantIds = Array.from(
  { length: TENANTS },
  (_, i) => hotIds[i % 1_000]!,
);

function measure(
  name: string,
  ids: readonly string[],
  run: (id: string) => unknown,
): void {
  const samples: number[] = [];
  let sink = 0;

  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (const id of ids) if (run(id) !== undefined) sink++;
    const elapsed = Number(process.hrtime.bigint() - start);
    samples.push(elapsed / TENANTS);
  }

  // The first rounds warm up the JIT; report the median of the rest.
  const steady = samples.slice(5).sort((a, b) => a - b);
  const median = steady[Math.floor(steady.length / 2)]!;
  console.log(
    `${name}: median ${median.toFixed(1)} ns/op ` +
      `(min ${steady[0]!.toFixed(1)}, ${sink} calls)`,
  );
}

console.log(`ring of ${ring.size} points, ${TENANTS} tenant ids`);
measure('murmur3, 100,000 distinct ids', tenantIds, (id) => murmur3(id));
measure('lookup, 100,000 distinct ids', tenantIds, (id) => ring.lookup(id));
measure('murmur3, 1,000 ids in cache', hotTenantIds, (id) => murmur3(id));
measure('lookup, 1,000 ids in cache', hotTenantIds, (id) => ring.lookup(id));
