// Balance of the ring over random sets of six equal cells: the largest and
// smallest cell share relative to the mean, over many sets of cell ids.
// Run: npx tsx packages/ring/bench/measure-balance.ts [sets] [tenants]
import { HashRing, RING_PROBES } from '../src/index';
import type { PlacementCell } from '../src/index';

const SETS = Number(process.argv[2] ?? 500);
const TENANTS = Number(process.argv[3] ?? 100_000);
const CELLS = 6;

// A fixed-seed generator, so that a run can be repeated exactly.
let state = 0x2545f491;
function nextRandom(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;

  return state >>> 0;
}

function randomId(prefix: string): string {
  return `${prefix}-${nextRandom().toString(36)}${nextRandom().toString(36)}`;
}

const tenantIds = Array.from({ length: TENANTS }, () => randomId('tenant'));
let worstMax = 0;
let worstMin = Infinity;
let sumMax = 0;

for (let set = 0; set < SETS; set++) {
  const cells: PlacementCell[] = Array.from({ length: CELLS }, () => ({
    id: randomId('cell'),
    capacityRps: 10_000,
    weight: 1,
    state: 'active',
  }));
  const ring = HashRing.build(cells);

  const counts = new Map<string, number>();
  for (const tenantId of tenantIds) {
    const cellId = ring.lookup(tenantId)!;
    counts.set(cellId, (counts.get(cellId) ?? 0) + 1);
  }

  const mean = TENANTS / CELLS;
  const shares = cells.map((cell) => (counts.get(cell.id) ?? 0) / mean);
  worstMax = Math.max(worstMax, ...shares);
  worstMin = Math.min(worstMin, ...shares);
  sumMax += Math.max(...shares);
}

console.log(
  `probes=${RING_PROBES} sets=${SETS} tenants=${TENANTS}: ` +
    `worst max/mean ${worstMax.toFixed(4)}, ` +
    `average max/mean ${(sumMax / SETS).toFixed(4)}, ` +
    `worst min/mean ${worstMin.toFixed(4)}`,
);
