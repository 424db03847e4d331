import {
  TYPE_NUMBER,
  NUMBER_INT,
  numFloat,
  numInt,
  numKind,
  opa_number_float,
  opa_number_int,
  tagOf,
} from './value';

// bits.* on integers. A left shift that overflows int64 is computed in
// float64, as other int64 overflows are.

function isInt(v: usize): bool {
  if (tagOf(v) != TYPE_NUMBER) return false;
  if (numKind(v) == NUMBER_INT) return true;
  const f = numFloat(v);
  return f == Math.trunc(f) && Math.abs(f) < 9.2e18;
}

function asInt(v: usize): i64 {
  return numKind(v) == NUMBER_INT ? numInt(v) : <i64>numFloat(v);
}

export function opa_bits_and(a: usize, b: usize): usize {
  if (!isInt(a) || !isInt(b)) return 0;
  return opa_number_int(asInt(a) & asInt(b));
}

export function opa_bits_or(a: usize, b: usize): usize {
  if (!isInt(a) || !isInt(b)) return 0;
  return opa_number_int(asInt(a) | asInt(b));
}

export function opa_bits_xor(a: usize, b: usize): usize {
  if (!isInt(a) || !isInt(b)) return 0;
  return opa_number_int(asInt(a) ^ asInt(b));
}

export function opa_bits_negate(a: usize): usize {
  if (!isInt(a)) return 0;
  return opa_number_int(~asInt(a));
}

/** bits.lsh(x, s): s must be a non-negative integer. */
export function opa_bits_lsh(a: usize, s: usize): usize {
  if (!isInt(a) || !isInt(s) || asInt(s) < 0) return 0;
  const x = asInt(a);
  const n = asInt(s);
  if (n < 63) {
    const r = x << n;
    if (r >> n == x) return opa_number_int(r);
  }
  const f = <f64>x * Math.pow(2, <f64>n);
  return isFinite(f) ? opa_number_float(f) : 0;
}

/** bits.rsh(x, s): arithmetic shift, s a non-negative integer. */
export function opa_bits_rsh(a: usize, s: usize): usize {
  if (!isInt(a) || !isInt(s) || asInt(s) < 0) return 0;
  const n = asInt(s);
  const x = asInt(a);
  if (n >= 63) return opa_number_int(x < 0 ? -1 : 0);
  return opa_number_int(x >> n);
}
