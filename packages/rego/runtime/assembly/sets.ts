import { opa_array_append, opa_set_add, searchSorted } from './collections';
import { opa_value_compare } from './compare';
import {
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_SET,
  itemsOf,
  lengthOf,
  newSetWithCap,
  opa_array_with_cap,
  tagOf,
  numAsF64,
} from './value';

// Set algebra as merges of the sorted element arrays, and the array
// built-ins. Results are new values; operands are never modified.

function elem(v: usize, i: u32): usize {
  return <usize>load<u32>(itemsOf(v) + ((<usize>i) << 2));
}

function pushRaw(set: usize, v: usize): void {
  const n = lengthOf(set);
  store<u32>(itemsOf(set) + ((<usize>n) << 2), <u32>v);
  store<u32>(set, n + 1, 4);
}

export function opa_sets_union(a: usize, b: usize): usize {
  if (tagOf(a) != TYPE_SET || tagOf(b) != TYPE_SET) return 0;
  const la = lengthOf(a);
  const lb = lengthOf(b);
  const out = newSetWithCap(la + lb);
  let i: u32 = 0;
  let j: u32 = 0;
  while (i < la && j < lb) {
    const c = opa_value_compare(elem(a, i), elem(b, j));
    if (c <= 0) pushRaw(out, elem(a, i++));
    else pushRaw(out, elem(b, j++));
    if (c == 0) j++;
  }
  while (i < la) pushRaw(out, elem(a, i++));
  while (j < lb) pushRaw(out, elem(b, j++));
  return out;
}

export function opa_sets_intersection(a: usize, b: usize): usize {
  if (tagOf(a) != TYPE_SET || tagOf(b) != TYPE_SET) return 0;
  const la = lengthOf(a);
  const lb = lengthOf(b);
  const out = newSetWithCap(la < lb ? la : lb);
  let i: u32 = 0;
  let j: u32 = 0;
  while (i < la && j < lb) {
    const c = opa_value_compare(elem(a, i), elem(b, j));
    if (c == 0) {
      pushRaw(out, elem(a, i));
      i++;
      j++;
    } else if (c < 0) i++;
    else j++;
  }
  return out;
}

export function opa_sets_difference(a: usize, b: usize): usize {
  if (tagOf(a) != TYPE_SET || tagOf(b) != TYPE_SET) return 0;
  const la = lengthOf(a);
  const out = newSetWithCap(la);
  for (let i: u32 = 0; i < la; i++) {
    if (searchSorted(b, elem(a, i), 4) < 0) pushRaw(out, elem(a, i));
  }
  return out;
}

/** union(set_of_sets): the union of every set in the set. */
export function opa_sets_union_n(sets: usize): usize {
  if (tagOf(sets) != TYPE_SET) return 0;
  let out = newSetWithCap(4);
  for (let i: u32 = 0; i < lengthOf(sets); i++) {
    out = opa_sets_union(out, elem(sets, i));
    if (out == 0) return 0;
  }
  return out;
}

/** intersection(set_of_sets); the intersection of no sets is empty. */
export function opa_sets_intersection_n(sets: usize): usize {
  if (tagOf(sets) != TYPE_SET) return 0;
  const n = lengthOf(sets);
  if (n == 0) return newSetWithCap(4);
  let out = elem(sets, 0);
  if (tagOf(out) != TYPE_SET) return 0;
  for (let i: u32 = 1; i < n; i++) {
    out = opa_sets_intersection(out, elem(sets, i));
    if (out == 0) return 0;
  }
  return out;
}

export function opa_array_concat(a: usize, b: usize): usize {
  if (tagOf(a) != TYPE_ARRAY || tagOf(b) != TYPE_ARRAY) return 0;
  const la = lengthOf(a);
  const lb = lengthOf(b);
  const out = opa_array_with_cap(la + lb);
  for (let i: u32 = 0; i < la; i++) opa_array_append(out, elem(a, i));
  for (let i: u32 = 0; i < lb; i++) opa_array_append(out, elem(b, i));
  return out;
}

/**
 * array.slice(arr, start, stop): indexes are clamped to [0, len] and an
 * empty array results when start >= stop, as OPA does.
 */
export function opa_array_slice(arr: usize, start: usize, stop: usize): usize {
  if (tagOf(arr) != TYPE_ARRAY) return 0;
  if (tagOf(start) != TYPE_NUMBER || tagOf(stop) != TYPE_NUMBER) return 0;
  const len = <f64>lengthOf(arr);
  let s = Math.floor(numAsF64(start));
  let e = Math.floor(numAsF64(stop));
  if (s < 0) s = 0;
  if (e > len) e = len;
  if (s > e) s = e;
  const out = opa_array_with_cap(<u32>(e - s));
  for (let i = <u32>s; i < <u32>e; i++) opa_array_append(out, elem(arr, i));
  return out;
}

/** Builds a set from an array's elements (used by comprehensions). */
export function opa_array_to_set(arr: usize): usize {
  if (tagOf(arr) != TYPE_ARRAY) return 0;
  const out = newSetWithCap(lengthOf(arr));
  for (let i: u32 = 0; i < lengthOf(arr); i++) opa_set_add(out, elem(arr, i));
  return out;
}

/** array.reverse(arr). */
export function opa_array_reverse(arr: usize): usize {
  if (tagOf(arr) != TYPE_ARRAY) return 0;
  const n = lengthOf(arr);
  const out = opa_array_with_cap(n);
  for (let i = n; i > 0; i--) opa_array_append(out, elem(arr, i - 1));
  return out;
}

/** array.flatten(arr): arrays inside arr spliced in, one level deep. */
export function opa_array_flatten(arr: usize): usize {
  if (tagOf(arr) != TYPE_ARRAY) return 0;
  const out = opa_array_with_cap(lengthOf(arr));
  for (let i: u32 = 0; i < lengthOf(arr); i++) {
    const x = elem(arr, i);
    if (tagOf(x) != TYPE_ARRAY) {
      opa_array_append(out, x);
      continue;
    }
    for (let j: u32 = 0; j < lengthOf(x); j++)
      opa_array_append(out, elem(x, j));
  }
  return out;
}
