import { decimalToDouble } from './number-parse';
import {
  TYPE_STRING,
  opa_number_float,
  opa_number_int,
  strLen,
  strPtr,
  tagOf,
} from './value';

// units.parse and units.parse_bytes: an amount (decimal, optionally with
// an exponent) followed by a unit. Decimal units scale the decimal exponent
// and binary units multiply by a power of two, so both stay exact up to
// the final rounding to float64, as OPA's big-float arithmetic does.

let decimalPower: i32 = 0;
let binaryPower: i32 = 0;

function lower(c: u32): u32 {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

// Sets decimalPower / binaryPower for a unit of n bytes at p; false when
// the unit is unknown. For bytes, letters are case-insensitive, "m" means
// mega and a trailing "b" is optional; otherwise only "m" (milli) and "M"
// (mega) differ by case.
function readUnit(p: usize, n: u32, bytes: bool): bool {
  decimalPower = 0;
  binaryPower = 0;
  if (bytes && n > 0 && lower(load<u8>(p + n - 1)) == 0x62) n--;
  if (n == 0) return true;
  if (n > 2) return false;
  const first = <u32>load<u8>(p);
  const c = lower(first);
  const binary = n == 2;
  if (binary && lower(load<u8>(p + 1)) != 0x69) return false;
  let power = 0;
  if (c == 0x6b) power = 1;
  else if (c == 0x6d) power = 2;
  else if (c == 0x67) power = 3;
  else if (c == 0x74) power = 4;
  else if (c == 0x70) power = 5;
  else if (c == 0x65) power = 6;
  else return false;
  if (binary) binaryPower = power * 10;
  else if (!bytes && first == 0x6d) decimalPower = -3;
  else decimalPower = power * 3;
  return true;
}

function isDigit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

// Parses the amount and unit; returns NaN when the text is invalid.
function parseAmount(s: usize, bytes: bool): f64 {
  if (tagOf(s) != TYPE_STRING) return NaN;
  let p = strPtr(s);
  let end = p + strLen(s);
  // A quoted amount ("\"10M\"") is accepted without its quotes.
  if (end - p >= 2 && load<u8>(p) == 0x22 && load<u8>(end - 1) == 0x22) {
    p++;
    end--;
  }
  for (let q = p; q < end; q++) if (load<u8>(q) == 0x20) return NaN;
  let neg = false;
  if (p < end && (load<u8>(p) == 0x2d || load<u8>(p) == 0x2b)) {
    neg = load<u8>(p) == 0x2d;
    p++;
  }
  const intStart = p;
  let dot: usize = 0;
  let dots = 0;
  let digits = 0;
  while (p < end && (isDigit(load<u8>(p)) || load<u8>(p) == 0x2e)) {
    if (load<u8>(p) == 0x2e) {
      dot = p;
      dots++;
    } else digits++;
    p++;
  }
  if (digits == 0 || dots > 1) return NaN;
  const numEnd = p;
  // An exponent counts only when digits follow: "5E" is five exa.
  let exp: i32 = 0;
  if (p + 1 < end && (load<u8>(p) | 0x20) == 0x65) {
    let q = p + 1;
    let eneg = false;
    if (load<u8>(q) == 0x2d || load<u8>(q) == 0x2b) {
      eneg = load<u8>(q) == 0x2d;
      q++;
    }
    if (q < end && isDigit(load<u8>(q))) {
      while (q < end && isDigit(load<u8>(q))) {
        if (exp < 10000) exp = exp * 10 + (load<u8>(q) - 0x30);
        q++;
      }
      if (eneg) exp = -exp;
      p = q;
    }
  }
  if (!readUnit(p, <u32>(end - p), bytes)) return NaN;
  const intEnd = dots == 1 ? dot : numEnd;
  const fracStart = dots == 1 ? dot + 1 : numEnd;
  let v = decimalToDouble(
    intStart,
    intEnd,
    fracStart,
    numEnd,
    exp + decimalPower,
  );
  v *= Math.pow(2, binaryPower);
  return neg ? -v : v;
}

function numberResult(v: f64): usize {
  if (Math.abs(v) < 9.2e18 && v == Math.trunc(v)) return opa_number_int(<i64>v);
  return opa_number_float(v);
}

/** units.parse(s): "10K" is 10000, "1.5Mi" 1572864, "500m" 0.5. */
export function opa_units_parse(s: usize): usize {
  const v = parseAmount(s, false);
  return isFinite(v) ? numberResult(v) : 0;
}

/** units.parse_bytes(s): an integer byte count ("1.1KiB" is 1126). */
export function opa_units_parse_bytes(s: usize): usize {
  const v = parseAmount(s, true);
  return isFinite(v) ? numberResult(Math.trunc(v)) : 0;
}
