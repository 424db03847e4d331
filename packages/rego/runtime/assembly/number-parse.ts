import {
  bnCompare,
  bnMulAdd,
  bnMulPow10,
  bnNew,
  bnSetU64,
  bnShl,
} from './bignum';
import { opa_number_float, opa_number_int } from './value';

// Numbers are int64 when the text is an integer that fits, float64
// otherwise, rounded correctly (to nearest, ties to even): a fast path
// covers short significands with small exponents; anything else starts
// from an estimate and is corrected against the exact decimal value with
// big integers (Clinger's refinement).

let lastEnd: usize = 0;

/** Where the number parsed by the last parseNumber call ended. */
export function numberEnd(): usize {
  return lastEnd;
}

const POW10 = memory.data<f64>([
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
  1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

function isDigit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

function scale(m: u64, e: i32): f64 {
  const f = <f64>m;
  if (e == 0 || m == 0) return f;
  if (e > 0 && e <= 22) return f * load<f64>(POW10 + ((<usize>e) << 3));
  if (e < 0 && e >= -22) return f / load<f64>(POW10 + ((<usize>-e) << 3));
  if (e > 0) return e > 308 + 19 ? Infinity : f * Math.pow(10, e);
  if (e < -308) return f / 1e308 / Math.pow(10, -e - 308);
  return f / Math.pow(10, -e);
}

/**
 * Parses a JSON number starting at p (not past end). Returns the value or
 * 0 when the text is not a number or overflows float64.
 */
export function parseNumber(p: usize, end: usize): usize {
  let neg = false;
  if (p < end && load<u8>(p) == 0x2d) {
    neg = true;
    p++;
  }
  if (p >= end || !isDigit(load<u8>(p))) return 0;
  const intStart = p;
  if (load<u8>(p) == 0x30) p++;
  else while (p < end && isDigit(load<u8>(p))) p++;
  const intEnd = p;
  let isFloat = false;
  let fracStart = p;
  let fracEnd = p;
  if (p < end && load<u8>(p) == 0x2e) {
    p++;
    fracStart = p;
    while (p < end && isDigit(load<u8>(p))) p++;
    fracEnd = p;
    if (fracEnd == fracStart) return 0;
    isFloat = true;
  }
  let exp: i32 = 0;
  if (p < end && (load<u8>(p) | 0x20) == 0x65) {
    p++;
    let eneg = false;
    if (p < end && (load<u8>(p) == 0x2b || load<u8>(p) == 0x2d)) {
      eneg = load<u8>(p) == 0x2d;
      p++;
    }
    if (p >= end || !isDigit(load<u8>(p))) return 0;
    while (p < end && isDigit(load<u8>(p))) {
      if (exp < 100000) exp = exp * 10 + (load<u8>(p) - 0x30);
      p++;
    }
    if (eneg) exp = -exp;
    isFloat = true;
  }
  lastEnd = p;
  if (!isFloat) {
    const i = parseInt64(intStart, intEnd, neg);
    if (!overflowed) return opa_number_int(i);
  }
  const f = decimalToDouble(intStart, intEnd, fracStart, fracEnd, exp);
  if (!isFinite(f)) return 0;
  return opa_number_float(neg ? -f : f);
}

/** Significant digits kept exactly; later ones only count as nonzero. */
const MAX_DIGITS: i32 = 800;
const digitBuf = memory.data(804);

// Collects the significant digits of int.frac into digitBuf (leading zeros
// dropped, at most MAX_DIGITS, plus a final 1 standing for any nonzero
// digits cut off) and returns their count; sets decimalExp so that the
// value is digits x 10^decimalExp.
let decimalExp: i32 = 0;
let digitCount: i32 = 0;
let digitsCut = false;

function pushDigit(d: u8, inFrac: bool): void {
  if (digitCount == 0 && d == 0x30) {
    if (inFrac) decimalExp--;
    return;
  }
  if (digitCount < MAX_DIGITS) {
    store<u8>(digitBuf + digitCount, d);
    digitCount++;
    if (inFrac) decimalExp--;
    return;
  }
  if (!inFrac) decimalExp++;
  if (d != 0x30) digitsCut = true;
}

function collectDigits(
  intStart: usize,
  intEnd: usize,
  fracStart: usize,
  fracEnd: usize,
  exp: i32,
): i32 {
  digitCount = 0;
  digitsCut = false;
  decimalExp = exp;
  for (let q = intStart; q < intEnd; q++) pushDigit(load<u8>(q), false);
  for (let q = fracStart; q < fracEnd; q++) pushDigit(load<u8>(q), true);
  if (digitsCut) {
    store<u8>(digitBuf + digitCount, 0x31);
    digitCount++;
    decimalExp--;
  }
  return digitCount;
}

export function decimalToDouble(
  intStart: usize,
  intEnd: usize,
  fracStart: usize,
  fracEnd: usize,
  exp: i32,
): f64 {
  const n = collectDigits(intStart, intEnd, fracStart, fracEnd, exp);
  if (n == 0) return 0;
  const e = decimalExp;
  // Beyond these bounds the value is certainly infinite or zero.
  if (e + n > 310) return Infinity;
  if (e + n < -330) return 0;

  let m: u64 = 0;
  const lead = n < 19 ? n : 19;
  for (let i = 0; i < lead; i++) m = m * 10 + (load<u8>(digitBuf + i) - 0x30);
  if (n <= 15 && m < (<u64>1) << 53 && e >= -22 && e <= 22) return scale(m, e);
  return refine(scale(m, e + n - lead), n, e);
}

/** The exact digits x 10^decimalExp as a big integer pair for comparison. */
function compareWithMidpoint(n: i32, e: i32, mid: u64, q: i32): i32 {
  const x = bnNew();
  bnSetU64(x, 0);
  let i: i32 = 0;
  while (i < n) {
    let chunk: u32 = 0;
    let mul: u32 = 1;
    for (let k = 0; k < 9 && i < n; k++, i++) {
      chunk = chunk * 10 + (load<u8>(digitBuf + i) - 0x30);
      mul *= 10;
    }
    if (load<u32>(x) == 0) bnSetU64(x, chunk);
    else bnMulAdd(x, mul, chunk);
  }
  const y = bnNew();
  bnSetU64(y, mid);
  if (e >= 0) bnMulPow10(x, e);
  else bnMulPow10(y, -e);
  if (q >= 0) bnShl(y, q);
  else bnShl(x, -q);
  return bnCompare(x, y);
}

// The midpoint between the adjacent positive doubles with bits lo and
// lo + 1, as midM x 2^midQ.
let midQ: i32 = 0;

function midpoint(lo: u64): u64 {
  const hi = lo + 1;
  const eLo = <i32>(lo >> 52);
  const eHi = <i32>(hi >> 52);
  const mLo = (lo & 0xfffffffffffff) | (eLo != 0 ? (<u64>1) << 52 : 0);
  const mHi = (hi & 0xfffffffffffff) | (eHi != 0 ? (<u64>1) << 52 : 0);
  const kLo = (eLo != 0 ? eLo : 1) - 1075;
  const kHi = (eHi != 0 ? eHi : 1) - 1075;
  // Bring both to the smaller exponent; they differ by at most one.
  const k = kLo < kHi ? kLo : kHi;
  const sum = (mLo << u64(kLo - k)) + (mHi << u64(kHi - k));
  midQ = k - 1;
  return sum;
}

function refine(guess: f64, n: i32, e: i32): f64 {
  let bits = reinterpret<u64>(guess);
  if (!isFinite(guess)) bits = 0x7fefffffffffffff;
  for (let step = 0; step < 64; step++) {
    if (bits < 0x7ff0000000000000) {
      const mid = midpoint(bits);
      const c = compareWithMidpoint(n, e, mid, midQ);
      if (c > 0 || (c == 0 && (bits & 1) == 1)) {
        bits++;
        if (bits >= 0x7ff0000000000000) return Infinity;
        continue;
      }
    }
    if (bits > 0) {
      const mid = midpoint(bits - 1);
      const c = compareWithMidpoint(n, e, mid, midQ);
      if (c < 0 || (c == 0 && (bits & 1) == 1)) {
        bits--;
        continue;
      }
    }
    break;
  }
  return reinterpret<f64>(bits);
}

let overflowed = false;

function parseInt64(p: usize, end: usize, neg: bool): i64 {
  overflowed = false;
  let u: u64 = 0;
  const limit: u64 = neg ? 0x8000000000000000 : 0x7fffffffffffffff;
  for (; p < end; p++) {
    const d = <u64>(load<u8>(p) - 0x30);
    if (u > (limit - d) / 10) {
      overflowed = true;
      return 0;
    }
    u = u * 10 + d;
  }
  return neg ? <i64>(<u64>0 - u) : <i64>u;
}
