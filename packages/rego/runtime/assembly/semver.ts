import { compareBytes } from './compare';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_STRING,
  opa_number_int,
  strLen,
  strPtr,
  tagOf,
} from './value';

// semver.is_valid and semver.compare for SemVer 2.0.0 versions:
// MAJOR.MINOR.PATCH, an optional -prerelease and an optional +build.

// Where the parts of the last parsed version lie: three numbers, then the
// pre-release (empty when absent); build metadata is ignored.
const parts = memory.data(32, 4);
const saved = memory.data(32, 4);

function isDigit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

function isIdentChar(c: u32): bool {
  return isDigit(c) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) || c == 0x2d;
}

// Checks dot-separated identifiers in [p, end); numeric ones may not have
// leading zeros when strictNumbers is set (pre-release, not build).
function validIdentifiers(p: usize, end: usize, strictNumbers: bool): bool {
  if (p >= end) return false;
  let start = p;
  for (let q = p; q <= end; q++) {
    if (q < end && load<u8>(q) != 0x2e) {
      if (!isIdentChar(load<u8>(q))) return false;
      continue;
    }
    const n = q - start;
    if (n == 0) return false;
    if (strictNumbers && n > 1 && load<u8>(start) == 0x30) {
      let numeric = true;
      for (let r = start; r < q; r++) numeric = numeric && isDigit(load<u8>(r));
      if (numeric) return false;
    }
    start = q + 1;
  }
  return true;
}

function parseVersion(s: usize): bool {
  if (tagOf(s) != TYPE_STRING) return false;
  let p = strPtr(s);
  const end = p + strLen(s);
  for (let k = 0; k < 3; k++) {
    const start = p;
    while (p < end && isDigit(load<u8>(p))) p++;
    const n = p - start;
    if (n == 0 || (n > 1 && load<u8>(start) == 0x30)) return false;
    store<u32>(parts + k * 8, <u32>start);
    store<u32>(parts + k * 8 + 4, <u32>n);
    if (k < 2) {
      if (p >= end || load<u8>(p) != 0x2e) return false;
      p++;
    }
  }
  let preStart = p;
  let preEnd = p;
  if (p < end && load<u8>(p) == 0x2d) {
    preStart = p + 1;
    preEnd = preStart;
    while (preEnd < end && load<u8>(preEnd) != 0x2b) preEnd++;
    if (!validIdentifiers(preStart, preEnd, true)) return false;
    p = preEnd;
  }
  if (p < end) {
    if (load<u8>(p) != 0x2b) return false;
    if (!validIdentifiers(p + 1, end, false)) return false;
  }
  store<u32>(parts + 24, <u32>preStart);
  store<u32>(parts + 28, <u32>(preEnd - preStart));
  return true;
}

// Numbers without leading zeros compare by length, then digit by digit.
function compareNumeric(a: usize, an: u32, b: usize, bn: u32): i32 {
  if (an != bn) return an < bn ? -1 : 1;
  return compareBytes(a, an, b, bn);
}

function isNumeric(p: usize, n: u32): bool {
  for (let i: u32 = 0; i < n; i++) if (!isDigit(load<u8>(p + i))) return false;
  return true;
}

function comparePrerelease(a: usize, an: u32, b: usize, bn: u32): i32 {
  // A version without a pre-release ranks above one with it.
  if (an == 0 || bn == 0) return an == bn ? 0 : an == 0 ? 1 : -1;
  let i: u32 = 0;
  let j: u32 = 0;
  while (i < an && j < bn) {
    let ie = i;
    while (ie < an && load<u8>(a + ie) != 0x2e) ie++;
    let je = j;
    while (je < bn && load<u8>(b + je) != 0x2e) je++;
    const x = a + i;
    const y = b + j;
    const xn = ie - i;
    const yn = je - j;
    const xNum = isNumeric(x, xn);
    const yNum = isNumeric(y, yn);
    let c: i32 = 0;
    if (xNum && yNum) c = compareNumeric(x, xn, y, yn);
    else if (xNum != yNum) c = xNum ? -1 : 1;
    else c = compareBytes(x, xn, y, yn);
    if (c != 0) return c;
    i = ie + 1;
    j = je + 1;
  }
  if (i >= an && j >= bn) return 0;
  return i >= an ? -1 : 1;
}

export function opa_semver_is_valid(v: usize): usize {
  return parseVersion(v) ? TRUE_VALUE : FALSE_VALUE;
}

/** semver.compare(a, b): -1, 0 or 1; invalid versions are errors. */
export function opa_semver_compare(a: usize, b: usize): usize {
  if (!parseVersion(a)) return 0;
  memory.copy(saved, parts, 32);
  if (!parseVersion(b)) return 0;
  for (let k = 0; k < 4; k++) {
    const ap = <usize>load<u32>(saved + k * 8);
    const an = load<u32>(saved + k * 8 + 4);
    const bp = <usize>load<u32>(parts + k * 8);
    const bn = load<u32>(parts + k * 8 + 4);
    const c =
      k < 3
        ? compareNumeric(ap, an, bp, bn)
        : comparePrerelease(ap, an, bp, bn);
    if (c != 0) return opa_number_int(c < 0 ? -1 : 1);
  }
  return opa_number_int(0);
}
