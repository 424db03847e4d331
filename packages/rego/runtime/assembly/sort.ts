import { opa_malloc } from './heap';
import { opa_value_compare } from './compare';
import { lengthOf, itemsOf } from './value';

// Stable merge sort of `n` entries of `slot` bytes at `items`, ordered by
// the value whose address is the first word of each entry.

function keyAt(p: usize): usize {
  return <usize>load<u32>(p);
}

function insertionSort(items: usize, n: u32, slot: u32): void {
  for (let i: u32 = 1; i < n; i++) {
    const cur = items + <usize>i * slot;
    const k = load<u32>(cur);
    const v = slot == 8 ? load<u32>(cur, 4) : 0;
    let j = i;
    while (j > 0) {
      const prev = items + <usize>(j - 1) * slot;
      if (opa_value_compare(keyAt(prev), <usize>k) <= 0) break;
      memory.copy(prev + slot, prev, slot);
      j--;
    }
    const dst = items + <usize>j * slot;
    store<u32>(dst, k);
    if (slot == 8) store<u32>(dst, v, 4);
  }
}

function mergeSort(items: usize, tmp: usize, n: u32, slot: u32): void {
  if (n <= 8) {
    insertionSort(items, n, slot);
    return;
  }
  const half = n >> 1;
  mergeSort(items, tmp, half, slot);
  mergeSort(items + <usize>half * slot, tmp, n - half, slot);
  memory.copy(tmp, items, <usize>n * slot);
  let i: u32 = 0;
  let j: u32 = half;
  let o: u32 = 0;
  while (i < half && j < n) {
    const a = tmp + <usize>i * slot;
    const b = tmp + <usize>j * slot;
    // `<=` keeps equal keys in input order, which dedupe relies on.
    if (opa_value_compare(keyAt(a), keyAt(b)) <= 0) {
      memory.copy(items + <usize>o * slot, a, slot);
      i++;
    } else {
      memory.copy(items + <usize>o * slot, b, slot);
      j++;
    }
    o++;
  }
  while (i < half) {
    memory.copy(items + <usize>o * slot, tmp + <usize>i * slot, slot);
    i++;
    o++;
  }
  while (j < n) {
    memory.copy(items + <usize>o * slot, tmp + <usize>j * slot, slot);
    j++;
    o++;
  }
}

/**
 * Sorts the entries of an object (slot 8) or set (slot 4) built out of
 * order and drops duplicates; for objects the last value for a key wins,
 * as in JSON parsers.
 */
export function sortAndDedupe(v: usize, slot: u32): void {
  const n = lengthOf(v);
  if (n < 2) return;
  const items = itemsOf(v);
  if (n <= 8) insertionSort(items, n, slot);
  else mergeSort(items, opa_malloc(<usize>n * slot), n, slot);
  let out: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const cur = items + <usize>i * slot;
    if (out > 0) {
      const last = items + <usize>(out - 1) * slot;
      if (opa_value_compare(keyAt(last), keyAt(cur)) == 0) {
        memory.copy(last, cur, slot);
        continue;
      }
    }
    if (out != i) memory.copy(items + <usize>out * slot, cur, slot);
    out++;
  }
  store<u32>(v, out, 4);
}

/** Sorts an array's elements in place (stable; duplicates kept). */
export function sortArray(v: usize): void {
  const n = lengthOf(v);
  if (n < 2) return;
  const items = itemsOf(v);
  if (n <= 8) insertionSort(items, n, 4);
  else mergeSort(items, opa_malloc((<usize>n) << 2), n, 4);
}
