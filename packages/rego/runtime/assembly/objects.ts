import {
  opa_object_get,
  opa_object_insert,
  opa_set_add,
  opa_value_get,
  searchSorted,
} from './collections';
import { opa_value_compare } from './compare';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_ARRAY,
  TYPE_OBJECT,
  TYPE_SET,
  itemsOf,
  lengthOf,
  newObjectWithCap,
  newSetWithCap,
  tagOf,
} from './value';

/**
 * object.get(obj, key, default): obj[key], or default when absent. An array
 * key is a path walked through nested objects and arrays; the empty path
 * yields obj itself.
 */
export function opa_object_get_default(
  obj: usize,
  key: usize,
  dflt: usize,
): usize {
  if (tagOf(obj) != TYPE_OBJECT) return 0;
  if (tagOf(key) != TYPE_ARRAY) {
    const v = opa_value_get(obj, key);
    return v == 0 ? dflt : v;
  }
  let cur = obj;
  const path = itemsOf(key);
  for (let i: u32 = 0; i < lengthOf(key); i++) {
    const t = tagOf(cur);
    if (t != TYPE_OBJECT && t != TYPE_ARRAY) return dflt;
    cur = opa_value_get(cur, <usize>load<u32>(path + ((<usize>i) << 2)));
    if (cur == 0) return dflt;
  }
  return cur;
}

/** object.keys(obj): the set of its keys. */
export function opa_object_keys(obj: usize): usize {
  if (tagOf(obj) != TYPE_OBJECT) return 0;
  const n = lengthOf(obj);
  const out = newSetWithCap(n);
  // Object keys are already sorted and unique: copy them in order.
  for (let i: u32 = 0; i < n; i++) {
    store<u32>(
      itemsOf(out) + ((<usize>i) << 2),
      load<u32>(itemsOf(obj) + ((<usize>i) << 3)),
    );
  }
  store<u32>(out, n, 4);
  return out;
}

// The keys named by an array, a set or an object's keys, as a sorted set.
function keySet(keys: usize): usize {
  const t = tagOf(keys);
  if (t == TYPE_SET) return keys;
  if (t == TYPE_OBJECT) return opa_object_keys(keys);
  if (t != TYPE_ARRAY) return 0;
  const set = newSetWithCap(lengthOf(keys));
  for (let i: u32 = 0; i < lengthOf(keys); i++) {
    opa_set_add(set, <usize>load<u32>(itemsOf(keys) + ((<usize>i) << 2)));
  }
  return set;
}

// A new object with the entries of obj whose key is (keep) or is not
// (!keep) in keys.
function selectKeys(obj: usize, keys: usize, keep: bool): usize {
  if (tagOf(obj) != TYPE_OBJECT) return 0;
  const set = keySet(keys);
  if (set == 0) return 0;
  const out = newObjectWithCap(lengthOf(obj));
  for (let i: u32 = 0; i < lengthOf(obj); i++) {
    const entry = itemsOf(obj) + ((<usize>i) << 3);
    const found = searchSorted(set, <usize>load<u32>(entry), 4) >= 0;
    if (found != keep) continue;
    const n = lengthOf(out);
    store<u64>(itemsOf(out) + ((<usize>n) << 3), load<u64>(entry));
    store<u32>(out, n + 1, 4);
  }
  return out;
}

/** object.remove(obj, keys): obj without the keys (array, set or object). */
export function opa_object_remove_keys(obj: usize, keys: usize): usize {
  return selectKeys(obj, keys, false);
}

/** object.filter(obj, keys): only the keys (array, set or object) of obj. */
export function opa_object_filter(obj: usize, keys: usize): usize {
  return selectKeys(obj, keys, true);
}

/**
 * object.union(a, b): b's entries win, and where both hold objects under
 * a key those are merged the same way.
 */
export function opa_object_union(a: usize, b: usize): usize {
  if (tagOf(a) != TYPE_OBJECT || tagOf(b) != TYPE_OBJECT) return 0;
  const out = newObjectWithCap(lengthOf(a) + lengthOf(b));
  memory.copy(itemsOf(out), itemsOf(a), (<usize>lengthOf(a)) << 3);
  store<u32>(out, lengthOf(a), 4);
  for (let i: u32 = 0; i < lengthOf(b); i++) {
    const entry = itemsOf(b) + ((<usize>i) << 3);
    const key = <usize>load<u32>(entry);
    let value = <usize>load<u32>(entry, 4);
    const mine = opa_object_get(a, key);
    if (
      mine != 0 &&
      tagOf(mine) == TYPE_OBJECT &&
      tagOf(value) == TYPE_OBJECT
    ) {
      value = opa_object_union(mine, value);
    }
    opa_object_insert(out, key, value);
  }
  return out;
}

/** object.union_n(array of objects): left to right, later ones win. */
export function opa_object_union_n(objs: usize): usize {
  if (tagOf(objs) != TYPE_ARRAY) return 0;
  let out = newObjectWithCap(4);
  for (let i: u32 = 0; i < lengthOf(objs) && out != 0; i++) {
    out = opa_object_union(
      out,
      <usize>load<u32>(itemsOf(objs) + ((<usize>i) << 2)),
    );
  }
  return out;
}

function setSubset(sup: usize, sub: usize): bool {
  for (let i: u32 = 0; i < lengthOf(sub); i++) {
    const x = <usize>load<u32>(itemsOf(sub) + ((<usize>i) << 2));
    if (searchSorted(sup, x, 4) < 0) return false;
  }
  return true;
}

// Does sub appear in sup as a contiguous run?
function arraySubset(sup: usize, sub: usize): bool {
  const n = lengthOf(sub);
  const m = lengthOf(sup);
  if (n == 0) return true;
  for (let start: u32 = 0; start + n <= m; start++) {
    let all = true;
    for (let j: u32 = 0; j < n && all; j++) {
      all =
        opa_value_compare(
          <usize>load<u32>(itemsOf(sup) + ((<usize>(start + j)) << 2)),
          <usize>load<u32>(itemsOf(sub) + ((<usize>j) << 2)),
        ) == 0;
    }
    if (all) return true;
  }
  return false;
}

function arrayContainsAll(sup: usize, sub: usize): bool {
  for (let i: u32 = 0; i < lengthOf(sub); i++) {
    const x = <usize>load<u32>(itemsOf(sub) + ((<usize>i) << 2));
    let found = false;
    for (let j: u32 = 0; j < lengthOf(sup) && !found; j++) {
      found =
        opa_value_compare(
          <usize>load<u32>(itemsOf(sup) + ((<usize>j) << 2)),
          x,
        ) == 0;
    }
    if (!found) return false;
  }
  return true;
}

// -1 when object.subset does not apply to the pair of types.
function subset(sup: usize, sub: usize): i32 {
  const a = tagOf(sup);
  const b = tagOf(sub);
  let r = false;
  if (a == TYPE_OBJECT && b == TYPE_OBJECT) r = objectSubset(sup, sub);
  else if (a == TYPE_SET && b == TYPE_SET) r = setSubset(sup, sub);
  else if (a == TYPE_ARRAY && b == TYPE_ARRAY) r = arraySubset(sup, sub);
  else if (a == TYPE_ARRAY && b == TYPE_SET) r = arrayContainsAll(sup, sub);
  else return -1;
  return r ? 1 : 0;
}

// Values under shared keys recurse when subset applies to their types and
// must be equal otherwise.
function objectSubset(sup: usize, sub: usize): bool {
  for (let i: u32 = 0; i < lengthOf(sub); i++) {
    const entry = itemsOf(sub) + ((<usize>i) << 3);
    const want = <usize>load<u32>(entry, 4);
    const have = opa_object_get(sup, <usize>load<u32>(entry));
    if (have == 0) return false;
    const r = subset(have, want);
    if (r == 0) return false;
    if (r < 0 && opa_value_compare(have, want) != 0) return false;
  }
  return true;
}

/**
 * object.subset(super, sub): objects recursively, sets by membership,
 * arrays as a contiguous run, or a set's elements all in an array.
 */
export function opa_object_subset(sup: usize, sub: usize): usize {
  const r = subset(sup, sub);
  if (r < 0) return 0;
  return r == 1 ? TRUE_VALUE : FALSE_VALUE;
}
