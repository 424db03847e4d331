import { opa_array_append } from './collections';
import {
  TYPE_NUMBER,
  NUMBER_INT,
  newString,
  numAsF64,
  numFloat,
  numInt,
  numKind,
  opa_array,
  opa_number_int,
  tagOf,
} from './value';

// numbers.range, numbers.range_step and format_int.

/** Ranges longer than this are errors rather than exhausting memory. */
const MAX_RANGE: i64 = 10_000_000;

function isInteger(v: usize): bool {
  if (tagOf(v) != TYPE_NUMBER) return false;
  if (numKind(v) == NUMBER_INT) return true;
  const f = numFloat(v);
  return f == Math.trunc(f) && Math.abs(f) < 9.2e18;
}

function asInt(v: usize): i64 {
  return numKind(v) == NUMBER_INT ? numInt(v) : <i64>numFloat(v);
}

function range(a: i64, b: i64, step: i64): usize {
  const span = a <= b ? b - a : a - b;
  if (span / step > MAX_RANGE) return 0;
  const out = opa_array();
  if (a <= b) {
    for (let x = a; x <= b; x += step) {
      opa_array_append(out, opa_number_int(x));
      if (b - x < step) break;
    }
  } else {
    for (let x = a; x >= b; x -= step) {
      opa_array_append(out, opa_number_int(x));
      if (x - b < step) break;
    }
  }
  return out;
}

/** numbers.range(a, b): the integers from a to b inclusive, either way. */
export function opa_numbers_range(a: usize, b: usize): usize {
  if (!isInteger(a) || !isInteger(b)) return 0;
  return range(asInt(a), asInt(b), 1);
}

/**
 * numbers.range_step(a, b, step): from a towards b by a positive integer
 * step; b is included only when a step lands on it. A step beyond int64
 * yields just [a].
 */
export function opa_numbers_range_step(a: usize, b: usize, step: usize): usize {
  if (!isInteger(a) || !isInteger(b)) return 0;
  if (tagOf(step) != TYPE_NUMBER) return 0;
  const s = numAsF64(step);
  if (s <= 0 || s != Math.trunc(s)) return 0;
  const big = s >= 9.2e18;
  return range(asInt(a), asInt(b), big ? i64.MAX_VALUE : asInt(step));
}

const DIGITS = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63,
  0x64, 0x65, 0x66,
]);

/** format_int(number, base): the number rounded down, in base 2/8/10/16. */
export function opa_format_int(n: usize, base: usize): usize {
  if (tagOf(n) != TYPE_NUMBER || !isInteger(base)) return 0;
  const b = asInt(base);
  if (b != 2 && b != 8 && b != 10 && b != 16) return 0;
  const f = Math.floor(numAsF64(n));
  const i = numKind(n) == NUMBER_INT ? numInt(n) : <i64>f;
  if (numKind(n) != NUMBER_INT && Math.abs(f) >= 9.2e18) return 0;
  let u = i < 0 ? <u64>0 - <u64>i : <u64>i;
  // 64 binary digits and a sign at most.
  const v = newString(65);
  let at = v + 12 + 65;
  do {
    at--;
    store<u8>(at, load<u8>(DIGITS + <usize>(u % <u64>b)));
    u /= <u64>b;
  } while (u != 0);
  if (i < 0) {
    at--;
    store<u8>(at, 0x2d);
  }
  store<u32>(v, <u32>(v + 12 + 65 - at), 4);
  store<u32>(v, <u32>at, 8);
  return v;
}
