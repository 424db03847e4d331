import { opa_value_get } from "./collections";
import { TYPE_ARRAY, TYPE_OBJECT, itemsOf, lengthOf, tagOf } from "./value";

/**
 * object.get(obj, key, default): obj[key], or default when absent. An array
 * key is a path walked through nested objects and arrays; the empty path
 * yields obj itself.
 */
export function opa_object_get_default(obj: usize, key: usize, dflt: usize): usize {
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
    cur = opa_value_get(cur, <usize>load<u32>(path + (<usize>i << 2)));
    if (cur == 0) return dflt;
  }
  return cur;
}
