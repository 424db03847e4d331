import {
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  NUMBER_INT,
  itemsOf,
  lengthOf,
  numAsF64,
  numFloat,
  numInt,
  numKind,
  strLen,
  strPtr,
  tagOf,
} from './value';

/** Compares two byte ranges: negative, zero or positive. */
export function compareBytes(a: usize, alen: u32, b: usize, blen: u32): i32 {
  const n = alen < blen ? alen : blen;
  for (let i: u32 = 0; i < n; i++) {
    const x = load<u8>(a + i);
    const y = load<u8>(b + i);
    if (x != y) return x < y ? -1 : 1;
  }
  return alen == blen ? 0 : alen < blen ? -1 : 1;
}

export function compareNumbers(a: usize, b: usize): i32 {
  if (numKind(a) == NUMBER_INT && numKind(b) == NUMBER_INT) {
    const x = numInt(a);
    const y = numInt(b);
    return x == y ? 0 : x < y ? -1 : 1;
  }
  const x = numAsF64(a);
  const y = numAsF64(b);
  return x == y ? 0 : x < y ? -1 : 1;
}

/**
 * OPA's total order: null < booleans < numbers < strings < arrays < objects
 * < sets; within a type by value, collections element by element and then
 * by length, objects by sorted key then value.
 */
export function opa_value_compare(a: usize, b: usize): i32 {
  if (a == b) return 0;
  const ta = tagOf(a);
  const tb = tagOf(b);
  if (ta != tb) return ta < tb ? -1 : 1;
  switch (ta) {
    case TYPE_BOOLEAN: {
      const x = load<u8>(a, 4);
      const y = load<u8>(b, 4);
      return x == y ? 0 : x < y ? -1 : 1;
    }
    case TYPE_NUMBER:
      return compareNumbers(a, b);
    case TYPE_STRING:
      return compareBytes(strPtr(a), strLen(a), strPtr(b), strLen(b));
    case TYPE_ARRAY:
    case TYPE_SET:
      return compareSlots(a, b, 4);
    case TYPE_OBJECT:
      return compareSlots(a, b, 8);
  }
  return 0;
}

function compareSlots(a: usize, b: usize, slot: u32): i32 {
  const la = lengthOf(a);
  const lb = lengthOf(b);
  const n = (la < lb ? la : lb) * (slot >> 2);
  const pa = itemsOf(a);
  const pb = itemsOf(b);
  for (let i: u32 = 0; i < n; i++) {
    const off = (<usize>i) << 2;
    const c = opa_value_compare(
      <usize>load<u32>(pa + off),
      <usize>load<u32>(pb + off),
    );
    if (c != 0) return c;
  }
  return la == lb ? 0 : la < lb ? -1 : 1;
}

/** 1 when the values are equal (1 and 1.0 are equal), else 0. */
export function opa_value_equal(a: usize, b: usize): i32 {
  return opa_value_compare(a, b) == 0 ? 1 : 0;
}

/** Compares a value with raw string bytes, as if they were a string value. */
export function compareWithString(v: usize, ptr: usize, len: u32): i32 {
  const t = tagOf(v);
  if (t != TYPE_STRING) return t < TYPE_STRING ? -1 : 1;
  return compareBytes(strPtr(v), strLen(v), ptr, len);
}

const FNV_OFFSET: u32 = 2166136261;
const FNV_PRIME: u32 = 16777619;

function hashBytes(h: u32, p: usize, n: u32): u32 {
  for (let i: u32 = 0; i < n; i++) h = (h ^ load<u8>(p + i)) * FNV_PRIME;
  return h;
}

function hashU64(h: u32, x: u64): u32 {
  for (let i = 0; i < 8; i++) {
    h = (h ^ (<u32>(x & 0xff))) * FNV_PRIME;
    x >>= 8;
  }
  return h;
}

/**
 * A hash consistent with opa_value_equal: equal values hash alike, so an
 * integral float hashes as the integer it equals.
 */
export function opa_value_hash(v: usize): u32 {
  return hashInto(FNV_OFFSET, v);
}

function hashInto(h: u32, v: usize): u32 {
  const t = tagOf(v);
  h = (h ^ t) * FNV_PRIME;
  switch (t) {
    case TYPE_BOOLEAN:
      return (h ^ load<u8>(v, 4)) * FNV_PRIME;
    case TYPE_NUMBER: {
      if (numKind(v) == NUMBER_INT) return hashU64(h, <u64>numInt(v));
      const f = numFloat(v);
      const i = <i64>f;
      if (<f64>i == f) return hashU64(h, <u64>i);
      return hashU64(h, reinterpret<u64>(f));
    }
    case TYPE_STRING:
      return hashBytes(h, strPtr(v), strLen(v));
    case TYPE_ARRAY:
    case TYPE_SET:
    case TYPE_OBJECT: {
      const words = lengthOf(v) * (t == TYPE_OBJECT ? 2 : 1);
      const p = itemsOf(v);
      for (let i: u32 = 0; i < words; i++) {
        h = hashInto(h, <usize>load<u32>(p + ((<usize>i) << 2)));
      }
      return h;
    }
  }
  return h;
}
