import {
  opa_array_append,
  opa_object_get,
  opa_object_get_str,
  opa_object_insert,
} from './collections';
import { writeInt } from './number-format';
import { writerBuffer, writerLength, writerStart } from './writer';
import {
  TRUE_VALUE,
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  NUMBER_INT,
  itemsOf,
  lengthOf,
  numInt,
  numKind,
  opa_array,
  opa_object,
  opa_string,
  strLen,
  strPtr,
  tagOf,
} from './value';

// json.remove and json.filter. The paths ("a/b/0" or ["a", "b", 0]) become
// a trie of objects keyed by path segment, where `true` marks the end of a
// path: everything below it is removed or kept whole.

// The segment as a string value: strings as they are, integers in decimal.
function segment(v: usize): usize {
  if (tagOf(v) == TYPE_STRING) return v;
  if (tagOf(v) == TYPE_NUMBER && numKind(v) == NUMBER_INT) {
    writerStart(24);
    writeInt(numInt(v));
    return opa_string(writerBuffer(), writerLength());
  }
  return 0;
}

function insertPath(trie: usize, segments: usize): bool {
  let node = trie;
  const n = lengthOf(segments);
  for (let i: u32 = 0; i < n; i++) {
    const seg = segment(
      <usize>load<u32>(itemsOf(segments) + ((<usize>i) << 2)),
    );
    if (seg == 0) return false;
    const next = opa_object_get(node, seg);
    if (next == TRUE_VALUE) return true;
    if (i == n - 1) {
      opa_object_insert(node, seg, TRUE_VALUE);
      return true;
    }
    if (next != 0) node = next;
    else {
      const child = opa_object();
      opa_object_insert(node, seg, child);
      node = child;
    }
  }
  return true;
}

// Splits "a/b/c" (a leading "/" is ignored) into an array of strings.
function splitPath(s: usize): usize {
  const out = opa_array();
  let p = strPtr(s);
  const end = p + strLen(s);
  if (p < end && load<u8>(p) == 0x2f) p++;
  let start = p;
  for (; p <= end; p++) {
    if (p == end || load<u8>(p) == 0x2f) {
      opa_array_append(out, opa_string(start, <u32>(p - start)));
      start = p + 1;
    }
  }
  return out;
}

function buildTrie(paths: usize): usize {
  const t = tagOf(paths);
  if (t != TYPE_ARRAY && t != TYPE_SET) return 0;
  const trie = opa_object();
  for (let i: u32 = 0; i < lengthOf(paths); i++) {
    const path = <usize>load<u32>(itemsOf(paths) + ((<usize>i) << 2));
    const pt = tagOf(path);
    let segments: usize = 0;
    if (pt == TYPE_STRING) segments = splitPath(path);
    else if (pt == TYPE_ARRAY) segments = path;
    else return 0;
    if (!insertPath(trie, segments)) return 0;
  }
  return trie;
}

const indexText = memory.data(24);

function childForIndex(trie: usize, i: u32): usize {
  let n: u32 = 0;
  let x = i;
  do {
    n++;
    x /= 10;
  } while (x != 0);
  x = i;
  for (let k = n; k > 0; k--) {
    store<u8>(indexText + k - 1, <u8>(0x30 + (x % 10)));
    x /= 10;
  }
  return opa_object_get_str(trie, indexText, n);
}

function childFor(trie: usize, v: usize, i: u32, key: usize): usize {
  if (tagOf(v) == TYPE_ARRAY) return childForIndex(trie, i);
  return tagOf(key) == TYPE_STRING ? opa_object_get(trie, key) : 0;
}

function walk(v: usize, trie: usize, keep: bool): usize {
  const t = tagOf(v);
  if (t != TYPE_OBJECT && t != TYPE_ARRAY) return keep ? 0 : v;
  const out = t == TYPE_OBJECT ? opa_object() : opa_array();
  const n = lengthOf(v);
  for (let i: u32 = 0; i < n; i++) {
    const key =
      t == TYPE_OBJECT ? <usize>load<u32>(itemsOf(v) + ((<usize>i) << 3)) : 0;
    const value =
      t == TYPE_OBJECT
        ? <usize>load<u32>(itemsOf(v) + ((<usize>i) << 3) + 4)
        : <usize>load<u32>(itemsOf(v) + ((<usize>i) << 2));
    const child = childFor(trie, v, i, key);
    let result: usize = 0;
    if (child == TRUE_VALUE) result = keep ? value : 0;
    else if (child != 0) result = walk(value, child, keep);
    else result = keep ? 0 : value;
    if (result == 0) continue;
    if (t == TYPE_OBJECT) opa_object_insert(out, key, result);
    else opa_array_append(out, result);
  }
  return out;
}

/** json.remove(obj, paths): obj without the values at the paths. */
export function opa_json_remove(obj: usize, paths: usize): usize {
  if (tagOf(obj) != TYPE_OBJECT) return 0;
  const trie = buildTrie(paths);
  return trie == 0 ? 0 : walk(obj, trie, false);
}

/** json.filter(obj, paths): only the values at the paths. */
export function opa_json_filter(obj: usize, paths: usize): usize {
  if (tagOf(obj) != TYPE_OBJECT) return 0;
  const trie = buildTrie(paths);
  return trie == 0 ? 0 : walk(obj, trie, true);
}
