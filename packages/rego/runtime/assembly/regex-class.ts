import { heapResize, opa_malloc } from './heap';

// Builds character classes as sorted-or-not lists of [lo, hi] code point
// ranges (8 bytes each). One class is built at a time.

let ranges: usize = 0;
let count: u32 = 0;
let cap: u32 = 0;

export const MAX_RUNE: u32 = 0x10ffff;

export function classStart(): void {
  cap = 8;
  count = 0;
  ranges = opa_malloc(cap << 3);
}

export function classAdd(lo: u32, hi: u32): void {
  if (count == cap) {
    ranges = heapResize(ranges, cap << 3, cap << 4);
    cap <<= 1;
  }
  const p = ranges + ((<usize>count) << 3);
  store<u32>(p, lo);
  store<u32>(p, hi, 4);
  count++;
}

/** \d, \w, \s and their negations; kind is the escape letter. */
export function classAddPerl(kind: u32): bool {
  const neg = kind == 0x44 || kind == 0x57 || kind == 0x53;
  const k = kind | 0x20;
  if (k == 0x64) {
    if (neg) {
      classAdd(0, 0x2f);
      classAdd(0x3a, MAX_RUNE);
    } else classAdd(0x30, 0x39);
    return true;
  }
  if (k == 0x77) {
    if (neg) {
      classAdd(0, 0x2f);
      classAdd(0x3a, 0x40);
      classAdd(0x5b, 0x5e);
      classAdd(0x60, 0x60);
      classAdd(0x7b, MAX_RUNE);
    } else {
      classAdd(0x30, 0x39);
      classAdd(0x41, 0x5a);
      classAdd(0x5f, 0x5f);
      classAdd(0x61, 0x7a);
    }
    return true;
  }
  if (k == 0x73) {
    // RE2's \s is [\t\n\f\r ].
    if (neg) {
      classAdd(0, 0x08);
      classAdd(0x0b, 0x0b);
      classAdd(0x0e, 0x1f);
      classAdd(0x21, MAX_RUNE);
    } else {
      classAdd(0x09, 0x0a);
      classAdd(0x0c, 0x0d);
      classAdd(0x20, 0x20);
    }
    return true;
  }
  return false;
}

/** Adds the other ASCII case of every letter already in the class. */
export function classFoldCase(): void {
  const n = count;
  for (let i: u32 = 0; i < n; i++) {
    const lo = load<u32>(ranges + ((<usize>i) << 3));
    const hi = load<u32>(ranges + ((<usize>i) << 3), 4);
    const ul = lo > 0x41 ? lo : 0x41;
    const uh = hi < 0x5a ? hi : 0x5a;
    if (ul <= uh) classAdd(ul + 32, uh + 32);
    const ll = lo > 0x61 ? lo : 0x61;
    const lh = hi < 0x7a ? hi : 0x7a;
    if (ll <= lh) classAdd(ll - 32, lh - 32);
  }
}

export function classRanges(): usize {
  return ranges;
}

export function classCount(): u32 {
  return count;
}
