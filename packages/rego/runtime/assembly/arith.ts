import { opa_sets_difference } from './sets';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_NUMBER,
  TYPE_SET,
  NUMBER_INT,
  numAsF64,
  numFloat,
  numInt,
  numKind,
  opa_number_float,
  opa_number_int,
  tagOf,
} from './value';
import { opa_value_compare } from './compare';

// Rego arithmetic on int64 and float64. OPA computes with arbitrary
// precision; here an int64 result that would overflow is computed in float64
// instead, and a non-finite float result is an error. Every error (wrong
// operand types, division by zero) returns 0, which is undefined in
// non-strict evaluation.

function bothInts(a: usize, b: usize): bool {
  return numKind(a) == NUMBER_INT && numKind(b) == NUMBER_INT;
}

function bothNumbers(a: usize, b: usize): bool {
  return tagOf(a) == TYPE_NUMBER && tagOf(b) == TYPE_NUMBER;
}

function floatResult(f: f64): usize {
  return isFinite(f) ? opa_number_float(f) : 0;
}

export function opa_arith_plus(a: usize, b: usize): usize {
  if (!bothNumbers(a, b)) return 0;
  if (bothInts(a, b)) {
    const x = numInt(a);
    const y = numInt(b);
    const r = x + y;
    if (((x ^ r) & (y ^ r)) >= 0) return opa_number_int(r);
  }
  return floatResult(numAsF64(a) + numAsF64(b));
}

/** Numbers subtract; sets give their difference. */
export function opa_arith_minus(a: usize, b: usize): usize {
  if (tagOf(a) == TYPE_SET && tagOf(b) == TYPE_SET) {
    return opa_sets_difference(a, b);
  }
  if (!bothNumbers(a, b)) return 0;
  if (bothInts(a, b)) {
    const x = numInt(a);
    const y = numInt(b);
    const r = x - y;
    if (((x ^ y) & (x ^ r)) >= 0) return opa_number_int(r);
  }
  return floatResult(numAsF64(a) - numAsF64(b));
}

export function opa_arith_multiply(a: usize, b: usize): usize {
  if (!bothNumbers(a, b)) return 0;
  if (bothInts(a, b)) {
    const x = numInt(a);
    const y = numInt(b);
    const r = x * y;
    const overflow = x != 0 && (r / x != y || (x == -1 && y == i64.MIN_VALUE));
    if (!overflow) return opa_number_int(r);
  }
  return floatResult(numAsF64(a) * numAsF64(b));
}

/** Division; an exact integer quotient stays an integer (6 / 2 = 3). */
export function opa_arith_divide(a: usize, b: usize): usize {
  if (!bothNumbers(a, b)) return 0;
  if (numAsF64(b) == 0) return 0;
  if (bothInts(a, b)) {
    const x = numInt(a);
    const y = numInt(b);
    if (!(x == i64.MIN_VALUE && y == -1) && x % y == 0) {
      return opa_number_int(x / y);
    }
  }
  return floatResult(numAsF64(a) / numAsF64(b));
}

function wholeNumber(v: usize): bool {
  if (numKind(v) == NUMBER_INT) return true;
  const f = numFloat(v);
  return f == Math.trunc(f) && Math.abs(f) < 9.2e18;
}

function asInt(v: usize): i64 {
  return numKind(v) == NUMBER_INT ? numInt(v) : <i64>numFloat(v);
}

/** Remainder with the dividend's sign; both operands must be integers. */
export function opa_arith_rem(a: usize, b: usize): usize {
  if (!bothNumbers(a, b) || !wholeNumber(a) || !wholeNumber(b)) return 0;
  const x = asInt(a);
  const y = asInt(b);
  if (y == 0) return 0;
  if (y == -1) return opa_number_int(0);
  return opa_number_int(x % y);
}

export function opa_arith_abs(a: usize): usize {
  if (tagOf(a) != TYPE_NUMBER) return 0;
  if (numKind(a) == NUMBER_INT) {
    const x = numInt(a);
    if (x >= 0) return a;
    if (x != i64.MIN_VALUE) return opa_number_int(-x);
  }
  return opa_number_float(Math.abs(numAsF64(a)));
}

function integral(a: usize, f: f64): usize {
  if (Math.abs(f) < 9.2e18) return opa_number_int(<i64>f);
  return opa_number_float(f);
}

/** round() rounds half away from zero, as Go's math.Round. */
export function opa_arith_round(a: usize): usize {
  if (tagOf(a) != TYPE_NUMBER) return 0;
  if (numKind(a) == NUMBER_INT) return a;
  const f = numFloat(a);
  const t = Math.trunc(f);
  const r = Math.abs(f - t) >= 0.5 ? t + Math.sign(f) : t;
  return integral(a, r);
}

export function opa_arith_ceil(a: usize): usize {
  if (tagOf(a) != TYPE_NUMBER) return 0;
  return numKind(a) == NUMBER_INT ? a : integral(a, Math.ceil(numFloat(a)));
}

export function opa_arith_floor(a: usize): usize {
  if (tagOf(a) != TYPE_NUMBER) return 0;
  return numKind(a) == NUMBER_INT ? a : integral(a, Math.floor(numFloat(a)));
}

// Comparisons are total across types (OPA's order), so they never fail.

export function opa_cmp_eq(a: usize, b: usize): usize {
  return opa_value_compare(a, b) == 0 ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_cmp_neq(a: usize, b: usize): usize {
  return opa_value_compare(a, b) != 0 ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_cmp_lt(a: usize, b: usize): usize {
  return opa_value_compare(a, b) < 0 ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_cmp_lte(a: usize, b: usize): usize {
  return opa_value_compare(a, b) <= 0 ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_cmp_gt(a: usize, b: usize): usize {
  return opa_value_compare(a, b) > 0 ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_cmp_gte(a: usize, b: usize): usize {
  return opa_value_compare(a, b) >= 0 ? TRUE_VALUE : FALSE_VALUE;
}
