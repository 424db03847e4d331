import { opa_malloc } from './heap';

// Value layout (all little-endian, every value 8-byte aligned):
//   +0 u8  tag (TYPE_*)
//   null     8 bytes, static singleton
//   boolean  +4 u8 0|1, static singletons
//   number   +1 u8 kind (NUMBER_INT|NUMBER_FLOAT), +8 i64 or f64
//   string   +4 u32 byte length, +8 u32 address of UTF-8 bytes
//   array    +4 u32 length, +8 u32 capacity, +12 u32 address of elements
//   object   +4 u32 length, +8 u32 capacity, +12 u32 address of (key, value)
//            pairs kept sorted by key (compare order)
//   set      +4 u32 length, +8 u32 capacity, +12 u32 address of elements
//            kept sorted (compare order), no duplicates

export const TYPE_NULL: u8 = 1;
export const TYPE_BOOLEAN: u8 = 2;
export const TYPE_NUMBER: u8 = 3;
export const TYPE_STRING: u8 = 4;
export const TYPE_ARRAY: u8 = 5;
export const TYPE_OBJECT: u8 = 6;
export const TYPE_SET: u8 = 7;

export const NUMBER_INT: u8 = 0;
export const NUMBER_FLOAT: u8 = 1;

export const NULL_VALUE = memory.data<u8>([1, 0, 0, 0, 0, 0, 0, 0], 8);
export const FALSE_VALUE = memory.data<u8>([2, 0, 0, 0, 0, 0, 0, 0], 8);
export const TRUE_VALUE = memory.data<u8>([2, 0, 0, 0, 1, 0, 0, 0], 8);

// Small non-negative integers are shared static values (array indexes,
// counts), filled in on first use because data segments cannot compute them.
const SMALL_INTS: i32 = 256;
const smallInts = memory.data(SMALL_INTS * 16, 8);
let smallIntsReady = false;

function fillSmallInts(): void {
  for (let i = 0; i < SMALL_INTS; i++) {
    const p = smallInts + ((<usize>i) << 4);
    store<u64>(p, TYPE_NUMBER);
    store<i64>(p, i, 8);
  }
  smallIntsReady = true;
}

export function tagOf(v: usize): u8 {
  return load<u8>(v);
}

export function lengthOf(v: usize): u32 {
  return load<u32>(v, 4);
}

export function itemsOf(v: usize): usize {
  return <usize>load<u32>(v, 12);
}

export function strLen(v: usize): u32 {
  return load<u32>(v, 4);
}

export function strPtr(v: usize): usize {
  return <usize>load<u32>(v, 8);
}

export function numKind(v: usize): u8 {
  return load<u8>(v, 1);
}

export function numInt(v: usize): i64 {
  return load<i64>(v, 8);
}

export function numFloat(v: usize): f64 {
  return load<f64>(v, 8);
}

/** The number as f64, whatever its representation. */
export function numAsF64(v: usize): f64 {
  return numKind(v) == NUMBER_INT ? <f64>numInt(v) : numFloat(v);
}

export function boolOf(v: usize): bool {
  return load<u8>(v, 4) != 0;
}

export function opa_null(): usize {
  return NULL_VALUE;
}

export function opa_boolean(b: i32): usize {
  return b ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_number_int(i: i64): usize {
  if (i >= 0 && i < SMALL_INTS) {
    if (!smallIntsReady) fillSmallInts();
    return smallInts + ((<usize>i) << 4);
  }
  const v = opa_malloc(16);
  store<u64>(v, TYPE_NUMBER);
  store<i64>(v, i, 8);
  return v;
}

export function opa_number_float(f: f64): usize {
  const v = opa_malloc(16);
  store<u64>(v, (<u64>TYPE_NUMBER) | ((<u64>NUMBER_FLOAT) << 8));
  store<f64>(v, f, 8);
  return v;
}

/** A string value over existing bytes (not copied; they must stay alive). */
export function opa_string(ptr: usize, len: u32): usize {
  const v = opa_malloc(16);
  store<u32>(v, TYPE_STRING);
  store<u32>(v, len, 4);
  store<u32>(v, <u32>ptr, 8);
  return v;
}

/** A string value with room for `len` bytes right after its header. */
export function newString(len: u32): usize {
  const v = opa_malloc(12 + <usize>len);
  store<u32>(v, TYPE_STRING);
  store<u32>(v, len, 4);
  store<u32>(v, <u32>(v + 12), 8);
  return v;
}

/** A string value holding a copy of the given bytes. */
export function opa_string_copy(ptr: usize, len: u32): usize {
  const v = newString(len);
  memory.copy(v + 12, ptr, len);
  return v;
}

function newCollection(tag: u8, cap: u32, slot: u32): usize {
  const v = opa_malloc(16 + <usize>cap * slot);
  store<u32>(v, tag);
  store<u32>(v, 0, 4);
  store<u32>(v, cap, 8);
  store<u32>(v, <u32>(v + 16), 12);
  return v;
}

export function opa_array_with_cap(cap: u32): usize {
  return newCollection(TYPE_ARRAY, cap, 4);
}

export function opa_array(): usize {
  return newCollection(TYPE_ARRAY, 4, 4);
}

export function opa_object(): usize {
  return newCollection(TYPE_OBJECT, 4, 8);
}

export function opa_set(): usize {
  return newCollection(TYPE_SET, 4, 4);
}

export function newObjectWithCap(cap: u32): usize {
  return newCollection(TYPE_OBJECT, cap, 8);
}

export function newSetWithCap(cap: u32): usize {
  return newCollection(TYPE_SET, cap, 4);
}

/** Returns the value's type tag (TYPE_*), 0 for undefined (address 0). */
export function opa_value_type(v: usize): i32 {
  return v == 0 ? 0 : tagOf(v);
}
