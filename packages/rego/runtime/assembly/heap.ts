import { opa_abort } from './env';

// A bump allocator over the imported memory. OPA's SDK saves the heap
// pointer after loading data and resets it before every evaluation, so all
// per-evaluation garbage disappears at once; freeing single blocks is not
// needed for that model and opa_free only reclaims the most recent block.

const OUT_OF_MEMORY = memory.data<u8>([
  0x6f, 0x75, 0x74, 0x20, 0x6f, 0x66, 0x20, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79,
  0x00,
]);

/**
 * Where the heap starts. The runtime's own static data ends at __heap_base;
 * the Rego compiler appends its data segments above that and rewrites this
 * global's initial value to the end of its data (README.md). Read once, on
 * first use of the heap.
 */
export let cellplane_heap_base: usize = 0;

/** The next free address; 0 until the heap is first used. */
let heapPtr: usize = 0;

/** The end of the runtime's static data: compiler data may start here. */
export function cellplane_data_end(): usize {
  return __heap_base;
}

function heapStart(): usize {
  const base =
    cellplane_heap_base > __heap_base ? cellplane_heap_base : __heap_base;
  return (base + 15) & ~15;
}

function current(): usize {
  if (heapPtr == 0) heapPtr = heapStart();
  return heapPtr;
}

/**
 * Bumped whenever the heap pointer is set from outside, so caches of heap
 * blocks can tell their memory may have been reused: the SDK writes input
 * bytes at the saved pointer before calling opa_eval.
 */
export let heapEpoch: u32 = 0;

let lastPtr: usize = 0;

function align8(n: usize): usize {
  return (n + 7) & ~7;
}

function ensureCapacity(start: usize, end: usize): void {
  // A size near 4 GiB wraps the 32-bit address space.
  if (end < start) {
    opa_abort(OUT_OF_MEMORY);
    unreachable();
  }
  const have = (<usize>memory.size()) << 16;
  if (end <= have) return;
  const pages = <i32>((end - have + 0xffff) >> 16);
  if (memory.grow(pages) < 0) {
    opa_abort(OUT_OF_MEMORY);
    unreachable();
  }
}

/** Allocates `size` bytes aligned to 8. Never returns 0. */
export function opa_malloc(size: usize): usize {
  const ptr = current();
  const end = ptr + align8(size);
  ensureCapacity(ptr, end);
  heapPtr = end;
  lastPtr = ptr;
  return ptr;
}

/** Releases a block; only the most recent allocation is actually reclaimed. */
export function opa_free(ptr: usize): void {
  if (ptr == 0 || ptr != lastPtr) return;
  heapPtr = ptr;
  lastPtr = 0;
}

/**
 * Resizes the block at `ptr` (of `oldSize` bytes) to `newSize` bytes,
 * extending it in place when it is the last block on the heap.
 */
export function heapResize(ptr: usize, oldSize: usize, newSize: usize): usize {
  if (ptr + align8(oldSize) == current()) {
    const end = ptr + align8(newSize);
    ensureCapacity(ptr, end);
    heapPtr = end;
    return ptr;
  }
  const fresh = opa_malloc(newSize);
  memory.copy(fresh, ptr, oldSize < newSize ? oldSize : newSize);
  return fresh;
}

export function opa_heap_ptr_get(): usize {
  return current();
}

export function opa_heap_ptr_set(ptr: usize): void {
  heapEpoch++;
  heapPtr = ptr;
  lastPtr = 0;
}
