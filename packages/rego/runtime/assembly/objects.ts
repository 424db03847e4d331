import {
  opa_object_get,
  opa_object_insert,
  opa_set_add,
  opa_value_get,
  searchSorted,
} from './collections';
import {
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
