import { opa_number_float, opa_number_int } from "./value";

// Numbers are int64 when the text is an integer that fits, float64
// otherwise. Decimal-to-binary conversion is exact when the significand has
// at most 15 digits and the decimal exponent is within +-22 (the common
// case); beyond that the result can be off by one unit in the last place.

let lastEnd: usize = 0;

/** Where the number parsed by the last parseNumber call ended. */
export function numberEnd(): usize {
  return lastEnd;
}

const POW10 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
  1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]);

@inline
function isDigit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

function scale(m: u64, e: i32): f64 {
  const f = <f64>m;
  if (e == 0 || m == 0) return f;
  if (e > 0 && e <= 22) return f * load<f64>(POW10 + (<usize>e << 3));
  if (e < 0 && e >= -22) return f / load<f64>(POW10 + (<usize>-e << 3));
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
  let m: u64 = 0;
  let digits = 0;
  let dropped: i32 = 0;
  for (let q = intStart; q < intEnd; q++) {
    const d = load<u8>(q) - 0x30;
    if (digits < 19) {
      if (m != 0 || d != 0) digits++;
      m = m * 10 + d;
    } else dropped++;
  }
  for (let q = fracStart; q < fracEnd; q++) {
    const d = load<u8>(q) - 0x30;
    if (digits < 19) {
      if (m != 0 || d != 0) digits++;
      m = m * 10 + d;
      dropped--;
    }
  }
  const f = scale(m, exp + dropped);
  if (!isFinite(f)) return 0;
  return opa_number_float(neg ? -f : f);
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
