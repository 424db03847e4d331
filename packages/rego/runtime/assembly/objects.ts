import { opa_value_get } from './collections';
import {
  TYPE_ARRAY,
  TYPE_OBJECT,
  itemsOf,
  lengthOf,
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
