import { opa_arith_multiply, opa_arith_plus } from './arith';
import { opa_value_compare } from './compare';
import { sortArray } from './sort';
import { countRunes } from './utf8';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  itemsOf,
  lengthOf,
  opa_array_with_cap,
  opa_number_int,
  strLen,
  strPtr,
  tagOf,
} from './value';

/** count(x): elements of a collection, code points of a string. */
export function opa_agg_count(v: usize): usize {
  const t = tagOf(v);
  if (t == TYPE_STRING) return opa_number_int(countRunes(strPtr(v), strLen(v)));
  if (t == TYPE_ARRAY || t == TYPE_OBJECT || t == TYPE_SET) {
    return opa_number_int(lengthOf(v));
  }
  return 0;
}

function isNumberList(v: usize): bool {
  const t = tagOf(v);
  if (t != TYPE_ARRAY && t != TYPE_SET) return false;
  const items = itemsOf(v);
  for (let i: u32 = 0; i < lengthOf(v); i++) {
    if (tagOf(<usize>load<u32>(items + ((<usize>i) << 2))) != TYPE_NUMBER) {
      return false;
    }
  }
  return true;
}

/** sum(array|set of numbers); the sum of nothing is 0. */
export function opa_agg_sum(v: usize): usize {
  if (!isNumberList(v)) return 0;
  let acc = opa_number_int(0);
  const items = itemsOf(v);
  for (let i: u32 = 0; i < lengthOf(v) && acc != 0; i++) {
    acc = opa_arith_plus(acc, <usize>load<u32>(items + ((<usize>i) << 2)));
  }
  return acc;
}

/** product(array|set of numbers); the product of nothing is 1. */
export function opa_agg_product(v: usize): usize {
  if (!isNumberList(v)) return 0;
  let acc = opa_number_int(1);
  const items = itemsOf(v);
  for (let i: u32 = 0; i < lengthOf(v) && acc != 0; i++) {
    acc = opa_arith_multiply(acc, <usize>load<u32>(items + ((<usize>i) << 2)));
  }
  return acc;
}

function extreme(v: usize, sign: i32): usize {
  const t = tagOf(v);
  if (t != TYPE_ARRAY && t != TYPE_SET) return 0;
  const n = lengthOf(v);
  if (n == 0) return 0;
  const items = itemsOf(v);
  let best = <usize>load<u32>(items);
  for (let i: u32 = 1; i < n; i++) {
    const x = <usize>load<u32>(items + ((<usize>i) << 2));
    if (opa_value_compare(x, best) * sign > 0) best = x;
  }
  return best;
}

/**
 * max(array|set): the greatest element in OPA's order; undefined for an
 * empty collection.
 */
export function opa_agg_max(v: usize): usize {
  return extreme(v, 1);
}

/** min(array|set): the least element; undefined when empty. */
export function opa_agg_min(v: usize): usize {
  return extreme(v, -1);
}

/** sort(array|set): the elements in OPA's order, as an array. */
export function opa_agg_sort(v: usize): usize {
  const t = tagOf(v);
  if (t != TYPE_ARRAY && t != TYPE_SET) return 0;
  const n = lengthOf(v);
  const out = opa_array_with_cap(n);
  memory.copy(itemsOf(out), itemsOf(v), (<usize>n) << 2);
  store<u32>(out, n, 4);
  if (t == TYPE_ARRAY) sortArray(out);
  return out;
}

function allOrAny(v: usize, wantAll: bool): usize {
  const t = tagOf(v);
  if (t != TYPE_ARRAY && t != TYPE_SET) return 0;
  const items = itemsOf(v);
  for (let i: u32 = 0; i < lengthOf(v); i++) {
    const x = <usize>load<u32>(items + ((<usize>i) << 2));
    const isTrue = x == TRUE_VALUE;
    if (wantAll && !isTrue) return FALSE_VALUE;
    if (!wantAll && isTrue) return TRUE_VALUE;
  }
  return wantAll ? TRUE_VALUE : FALSE_VALUE;
}

/** all(array|set): every element is true (OPA 0.x built-in). */
export function opa_agg_all(v: usize): usize {
  return allOrAny(v, true);
}

/** any(array|set): some element is true (OPA 0.x built-in). */
export function opa_agg_any(v: usize): usize {
  return allOrAny(v, false);
}
