import {
  opa_array_append,
  opa_object_get,
  opa_object_insert,
} from './collections';
import {
  writeByte,
  writeBytes,
  writerBuffer,
  writerLength,
  writerStart,
} from './writer';
import {
  TYPE_ARRAY,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  itemsOf,
  lengthOf,
  newString,
  opa_array,
  opa_object,
  opa_string,
  strLen,
  strPtr,
  tagOf,
} from './value';

// urlquery.* with Go's net/url query escaping: letters, digits and "-_.~"
// stay, a space becomes "+", every other byte becomes %XX.

const HEX_UPPER = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x41, 0x42, 0x43,
  0x44, 0x45, 0x46,
]);

function isUnreserved(c: u32): bool {
  return (
    (c >= 0x30 && c <= 0x39) ||
    ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a) ||
    c == 0x2d ||
    c == 0x5f ||
    c == 0x2e ||
    c == 0x7e
  );
}

function writeEscaped(s: usize): void {
  for (let i: u32 = 0; i < strLen(s); i++) {
    const c = <u32>load<u8>(strPtr(s) + i);
    if (isUnreserved(c)) writeByte(c);
    else if (c == 0x20) writeByte(0x2b);
    else {
      writeByte(0x25);
      writeByte(load<u8>(HEX_UPPER + (c >> 4)));
      writeByte(load<u8>(HEX_UPPER + (c & 15)));
    }
  }
}

export function opa_urlquery_encode(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  writerStart(strLen(s) + 16);
  writeEscaped(s);
  return opa_string(writerBuffer(), writerLength());
}

function hexValue(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) return (c | 0x20) - 0x57;
  return -1;
}

// Unescapes bytes [p, end) into a new string, or 0 on a bad % escape.
function unescape(p: usize, end: usize): usize {
  const v = newString(<u32>(end - p));
  let o = v + 12;
  while (p < end) {
    const c = <u32>load<u8>(p);
    if (c == 0x25) {
      if (p + 2 >= end) return 0;
      const h = hexValue(load<u8>(p + 1));
      const l = hexValue(load<u8>(p + 2));
      if (h < 0 || l < 0) return 0;
      store<u8>(o++, <u8>((h << 4) | l));
      p += 3;
      continue;
    }
    store<u8>(o++, <u8>(c == 0x2b ? 0x20 : c));
    p++;
  }
  store<u32>(v, <u32>(o - v - 12), 4);
  return v;
}

export function opa_urlquery_decode(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  return unescape(strPtr(s), strPtr(s) + strLen(s));
}

function writePair(key: usize, value: usize): bool {
  if (tagOf(value) != TYPE_STRING) return false;
  if (writerLength() > 0) writeByte(0x26);
  writeEscaped(key);
  writeByte(0x3d);
  writeEscaped(value);
  return true;
}

/**
 * urlquery.encode_object(obj): keys in order, each with a string value or
 * an array or set of strings (one pair per element).
 */
export function opa_urlquery_encode_object(obj: usize): usize {
  if (tagOf(obj) != TYPE_OBJECT) return 0;
  writerStart(64);
  for (let i: u32 = 0; i < lengthOf(obj); i++) {
    const entry = itemsOf(obj) + ((<usize>i) << 3);
    const key = <usize>load<u32>(entry);
    const value = <usize>load<u32>(entry, 4);
    if (tagOf(key) != TYPE_STRING) return 0;
    const t = tagOf(value);
    if (t == TYPE_ARRAY || t == TYPE_SET) {
      for (let j: u32 = 0; j < lengthOf(value); j++) {
        if (
          !writePair(key, <usize>load<u32>(itemsOf(value) + ((<usize>j) << 2)))
        ) {
          return 0;
        }
      }
    } else if (!writePair(key, value)) return 0;
  }
  return opa_string(writerBuffer(), writerLength());
}

/**
 * urlquery.decode_object(s): "a=1&b&a=2" is {"a": ["1", "2"], "b": [""]}.
 * Go rejects ";" as a separator, so a pair containing one is an error.
 */
export function opa_urlquery_decode_object(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  const out = opa_object();
  let p = strPtr(s);
  const end = p + strLen(s);
  while (p < end) {
    let q = p;
    while (q < end && load<u8>(q) != 0x26) q++;
    if (q > p) {
      let eq = p;
      while (eq < q && load<u8>(eq) != 0x3d) eq++;
      for (let r = p; r < q; r++) if (load<u8>(r) == 0x3b) return 0;
      const key = unescape(p, eq);
      const value = eq < q ? unescape(eq + 1, q) : newString(0);
      if (key == 0 || value == 0) return 0;
      let list = opa_object_get(out, key);
      if (list == 0) {
        list = opa_array();
        opa_object_insert(out, key, list);
      }
      opa_array_append(list, value);
    }
    p = q + 1;
  }
  return out;
}
