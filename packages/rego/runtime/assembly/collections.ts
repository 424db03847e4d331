import { heapResize } from './heap';
import { compareWithString, opa_value_compare } from './compare';
import {
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  NUMBER_INT,
  itemsOf,
  lengthOf,
  numFloat,
  numInt,
  numKind,
  opa_number_int,
  tagOf,
} from './value';

// Arrays keep insertion order; objects and sets keep their entries sorted
// by OPA's value order, which makes lookups binary searches, iteration
// deterministic (the order OPA itself prints) and comparison a merge.

function grow(v: usize, slot: u32): void {
  const cap = load<u32>(v, 8);
  const next = cap < 4 ? 4 : cap << 1;
  const items = heapResize(itemsOf(v), <usize>cap * slot, <usize>next * slot);
  store<u32>(v, next, 8);
  store<u32>(v, <u32>items, 12);
}

function slotAt(v: usize, i: u32, slot: u32): usize {
  return itemsOf(v) + <usize>i * slot;
}

/** Appends to an array in place. */
export function opa_array_append(arr: usize, v: usize): void {
  const len = lengthOf(arr);
  if (len == load<u32>(arr, 8)) grow(arr, 4);
  store<u32>(slotAt(arr, len, 4), <u32>v);
  store<u32>(arr, len + 1, 4);
}

/** The element at index i, or 0 when out of range. */
export function opa_array_get(arr: usize, i: i32): usize {
  if (i < 0 || <u32>i >= lengthOf(arr)) return 0;
  return <usize>load<u32>(slotAt(arr, i, 4));
}

/**
 * Binary search of the sorted entries of an object (slot 8) or set (slot
 * 4). Returns the index when found, else -(insertion index) - 1.
 */
export function searchSorted(v: usize, key: usize, slot: u32): i32 {
  let lo: i32 = 0;
  let hi: i32 = <i32>lengthOf(v) - 1;
  const items = itemsOf(v);
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = <usize>load<u32>(items + <usize>mid * slot);
    const c = opa_value_compare(k, key);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

function insertAt(v: usize, at: u32, slot: u32): usize {
  const len = lengthOf(v);
  if (len == load<u32>(v, 8)) grow(v, slot);
  const p = slotAt(v, at, slot);
  memory.copy(p + slot, p, <usize>(len - at) * slot);
  store<u32>(v, len + 1, 4);
  return p;
}

/** Inserts or replaces key -> value in an object, in place. */
export function opa_object_insert(obj: usize, key: usize, value: usize): void {
  const i = searchSorted(obj, key, 8);
  if (i >= 0) {
    store<u32>(slotAt(obj, i, 8), <u32>value, 4);
    return;
  }
  const p = insertAt(obj, <u32>(-i - 1), 8);
  store<u32>(p, <u32>key);
  store<u32>(p, <u32>value, 4);
}

/** The value under key, or 0. */
export function opa_object_get(obj: usize, key: usize): usize {
  const i = searchSorted(obj, key, 8);
  return i < 0 ? 0 : <usize>load<u32>(slotAt(obj, i, 8), 4);
}

/** The value under a string key given as raw bytes, or 0 (no allocation). */
export function opa_object_get_str(obj: usize, ptr: usize, len: u32): usize {
  let lo: i32 = 0;
  let hi: i32 = <i32>lengthOf(obj) - 1;
  const items = itemsOf(obj);
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = items + ((<usize>mid) << 3);
    const c = compareWithString(<usize>load<u32>(p), ptr, len);
    if (c == 0) return <usize>load<u32>(p, 4);
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Removes a key from an object in place; 1 when it was present. */
export function opa_object_remove(obj: usize, key: usize): i32 {
  const i = searchSorted(obj, key, 8);
  if (i < 0) return 0;
  const len = lengthOf(obj);
  const p = slotAt(obj, i, 8);
  memory.copy(p, p + 8, (<usize>(len - 1 - i)) << 3);
  store<u32>(obj, len - 1, 4);
  return 1;
}

/** Adds an element to a set in place (no-op when present). */
export function opa_set_add(set: usize, v: usize): void {
  const i = searchSorted(set, v, 4);
  if (i >= 0) return;
  store<u32>(insertAt(set, <u32>(-i - 1), 4), <u32>v);
}

/** The set's element equal to v, or 0. */
export function opa_set_get(set: usize, v: usize): usize {
  const i = searchSorted(set, v, 4);
  return i < 0 ? 0 : <usize>load<u32>(slotAt(set, i, 4));
}

/**
 * Number of elements (array, set), keys (object) or bytes (string); 0 for
 * other values.
 */
export function opa_value_length(v: usize): u32 {
  const t = tagOf(v);
  return t >= TYPE_STRING ? lengthOf(v) : 0;
}

/** An array index from a number value, or -1 when not a whole number. */
export function indexOf(key: usize): i32 {
  if (tagOf(key) != TYPE_NUMBER) return -1;
  if (numKind(key) == NUMBER_INT) {
    const i = numInt(key);
    return i < 0 || i > 0x7fffffff ? -1 : <i32>i;
  }
  const f = numFloat(key);
  const i = <i32>f;
  return <f64>i == f && i >= 0 ? i : -1;
}

/**
 * Reference lookup `v[key]`: object member, array element (whole-number
 * index) or the set element equal to key. 0 when undefined.
 */
export function opa_value_get(v: usize, key: usize): usize {
  switch (tagOf(v)) {
    case TYPE_OBJECT:
      return opa_object_get(v, key);
    case TYPE_ARRAY:
      return opa_array_get(v, indexOf(key));
    case TYPE_SET:
      return opa_set_get(v, key);
  }
  return 0;
}

/**
 * The key at position i of a collection: the index as a number for arrays,
 * the i-th sorted key for objects, the i-th sorted element for sets.
 */
export function opa_value_key_at(v: usize, i: u32): usize {
  switch (tagOf(v)) {
    case TYPE_ARRAY:
      return opa_number_int(i);
    case TYPE_OBJECT:
      return <usize>load<u32>(slotAt(v, i, 8));
    case TYPE_SET:
      return <usize>load<u32>(slotAt(v, i, 4));
  }
  return 0;
}

/** The value at position i: array element, object value, set element. */
export function opa_value_at(v: usize, i: u32): usize {
  switch (tagOf(v)) {
    case TYPE_ARRAY:
    case TYPE_SET:
      return <usize>load<u32>(slotAt(v, i, 4));
    case TYPE_OBJECT:
      return <usize>load<u32>(slotAt(v, i, 8), 4);
  }
  return 0;
}

/**
 * OPA-style iteration: the key after prev (0 starts), or 0 at the end.
 * Prefer opa_value_length + opa_value_key_at/opa_value_at in loops; this
 * form searches for prev on every step of an object or set.
 */
export function opa_value_iter(v: usize, prev: usize): usize {
  const t = tagOf(v);
  if (t != TYPE_ARRAY && t != TYPE_OBJECT && t != TYPE_SET) return 0;
  let next: u32 = 0;
  if (prev != 0) {
    if (t == TYPE_ARRAY) {
      const i = indexOf(prev);
      if (i < 0) return 0;
      next = <u32>i + 1;
    } else {
      const i = searchSorted(v, prev, t == TYPE_OBJECT ? 8 : 4);
      if (i < 0) return 0;
      next = <u32>i + 1;
    }
  }
  return next < lengthOf(v) ? opa_value_key_at(v, next) : 0;
}
