import { opa_array_append } from './collections';
import { sortAndDedupe } from './sort';
import { heapResize } from './heap';
import { numberEnd, parseNumber } from './number-parse';
import {
  itemsOf,
  NULL_VALUE,
  TRUE_VALUE,
  FALSE_VALUE,
  newString,
  newObjectWithCap,
  newSetWithCap,
  opa_array,
  opa_string,
  tagOf,
  TYPE_STRING,
} from './value';

// A recursive-descent parser for JSON (RFC 8259) and, in value mode, for
// OPA's value syntax, which adds sets: `set()` and `{1, 2}`, and non-string
// object keys. Strings without escapes point into the input bytes instead of
// being copied, so the input must stay alive as long as the value (the SDK
// keeps input and data on the heap below the evaluation's heap pointer).

let pos: usize = 0;
let end: usize = 0;
let valueMode = false;
let depth: i32 = 0;

const MAX_DEPTH: i32 = 512;

function peek(): u32 {
  return pos < end ? load<u8>(pos) : 0;
}

function skipSpace(): void {
  while (pos < end) {
    const c = load<u8>(pos);
    if (c != 0x20 && c != 0x0a && c != 0x0d && c != 0x09) return;
    pos++;
  }
}

function expectWord(word: u64, n: u32): bool {
  if (pos + n > end) return false;
  for (let i: u32 = 0; i < n; i++) {
    if (load<u8>(pos + i) != <u8>((word >> (i * 8)) & 0xff)) return false;
  }
  pos += n;
  return true;
}

function hex(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function readHex4(p: usize): i32 {
  if (p + 4 > end) return -1;
  let v: i32 = 0;
  for (let i = 0; i < 4; i++) {
    const h = hex(load<u8>(p + i));
    if (h < 0) return -1;
    v = (v << 4) | h;
  }
  return v;
}

/** Writes a code point as UTF-8 at p and returns the byte count. */
export function encodeUtf8(p: usize, cp: u32): u32 {
  if (cp < 0x80) {
    store<u8>(p, <u8>cp);
    return 1;
  }
  if (cp < 0x800) {
    store<u8>(p, <u8>(0xc0 | (cp >> 6)));
    store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(p, <u8>(0xe0 | (cp >> 12)));
    store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3f)), 1);
    store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 2);
    return 3;
  }
  store<u8>(p, <u8>(0xf0 | (cp >> 18)));
  store<u8>(p, <u8>(0x80 | ((cp >> 12) & 0x3f)), 1);
  store<u8>(p, <u8>(0x80 | ((cp >> 6) & 0x3f)), 2);
  store<u8>(p, <u8>(0x80 | (cp & 0x3f)), 3);
  return 4;
}

function parseString(): usize {
  pos++;
  const start = pos;
  let escaped = false;
  while (true) {
    if (pos >= end) return 0;
    const c = load<u8>(pos);
    if (c == 0x22) break;
    if (c < 0x20) return 0;
    if (c == 0x5c) {
      escaped = true;
      pos++;
    }
    pos++;
  }
  const rawEnd = pos;
  pos++;
  if (!escaped) return opa_string(start, <u32>(rawEnd - start));
  return unescape(start, rawEnd);
}

// Decoded text is never longer than its escaped form, so the raw length is
// enough room.
function unescape(start: usize, rawEnd: usize): usize {
  const v = newString(<u32>(rawEnd - start));
  let out = v + 12;
  let p = start;
  while (p < rawEnd) {
    const c = load<u8>(p);
    if (c != 0x5c) {
      store<u8>(out++, c);
      p++;
      continue;
    }
    const e = load<u8>(p + 1);
    p += 2;
    if (e == 0x75) {
      let cp = readHex4(p);
      if (cp < 0) return 0;
      p += 4;
      if (cp >= 0xd800 && cp < 0xdc00) {
        const lo =
          p + 6 <= rawEnd && load<u8>(p) == 0x5c && load<u8>(p + 1) == 0x75
            ? readHex4(p + 2)
            : -1;
        if (lo >= 0xdc00 && lo < 0xe000) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
          p += 6;
        } else {
          cp = 0xfffd;
        }
      } else if (cp >= 0xdc00 && cp < 0xe000) {
        cp = 0xfffd;
      }
      out += encodeUtf8(out, cp);
      continue;
    }
    let b: u32 = 0;
    if (e == 0x22 || e == 0x5c || e == 0x2f) b = e;
    else if (e == 0x62) b = 0x08;
    else if (e == 0x66) b = 0x0c;
    else if (e == 0x6e) b = 0x0a;
    else if (e == 0x72) b = 0x0d;
    else if (e == 0x74) b = 0x09;
    else return 0;
    store<u8>(out++, <u8>b);
  }
  store<u32>(v, <u32>(out - v - 12), 4);
  return v;
}

function parseArray(): usize {
  pos++;
  const arr = opa_array();
  skipSpace();
  if (peek() == 0x5d) {
    pos++;
    return arr;
  }
  while (true) {
    const item = parseValue();
    if (item == 0) return 0;
    opa_array_append(arr, item);
    skipSpace();
    const c = peek();
    pos++;
    if (c == 0x5d) return arr;
    if (c != 0x2c) return 0;
  }
}

// Entries are appended unsorted and sorted once at the end: O(n log n)
// instead of an insertion per key.
function appendRaw(v: usize, slot: u32, a: usize, b: usize): void {
  const len = load<u32>(v, 4);
  const cap = load<u32>(v, 8);
  if (len == cap) {
    const next = cap << 1;
    const items = heapResize(itemsOf(v), cap * slot, next * slot);
    store<u32>(v, <u32>items, 12);
    store<u32>(v, next, 8);
  }
  const p = itemsOf(v) + <usize>len * slot;
  store<u32>(p, <u32>a);
  if (slot == 8) store<u32>(p, <u32>b, 4);
  store<u32>(v, len + 1, 4);
}

function parseObjectOrSet(): usize {
  pos++;
  skipSpace();
  if (peek() == 0x7d) {
    pos++;
    return newObjectWithCap(4);
  }
  const first = parseValue();
  if (first == 0) return 0;
  skipSpace();
  if (peek() != 0x3a) {
    if (!valueMode) return 0;
    return parseSetRest(first);
  }
  if (!valueMode && tagOf(first) != TYPE_STRING) return 0;
  const obj = newObjectWithCap(8);
  let key = first;
  while (true) {
    skipSpace();
    if (peek() != 0x3a) return 0;
    pos++;
    const val = parseValue();
    if (val == 0) return 0;
    appendRaw(obj, 8, key, val);
    skipSpace();
    const c = peek();
    pos++;
    if (c == 0x7d) break;
    if (c != 0x2c) return 0;
    key = parseValue();
    if (key == 0) return 0;
    if (!valueMode && tagOf(key) != TYPE_STRING) return 0;
  }
  sortAndDedupe(obj, 8);
  return obj;
}

function parseSetRest(first: usize): usize {
  const set = newSetWithCap(8);
  appendRaw(set, 4, first, 0);
  while (true) {
    skipSpace();
    const c = peek();
    pos++;
    if (c == 0x7d) break;
    if (c != 0x2c) return 0;
    const item = parseValue();
    if (item == 0) return 0;
    appendRaw(set, 4, item, 0);
  }
  sortAndDedupe(set, 4);
  return set;
}

function parseValue(): usize {
  skipSpace();
  if (pos >= end) return 0;
  const c = load<u8>(pos);
  if (c == 0x22) return parseString();
  if (c == 0x7b || c == 0x5b) {
    if (++depth > MAX_DEPTH) return 0;
    const v = c == 0x7b ? parseObjectOrSet() : parseArray();
    depth--;
    return v;
  }
  // "null", "true", "false" and "set()" as little-endian byte words.
  if (c == 0x6e) return expectWord(0x6c6c756e, 4) ? NULL_VALUE : 0;
  if (c == 0x74) return expectWord(0x65757274, 4) ? TRUE_VALUE : 0;
  if (c == 0x66) return expectWord(0x65736c6166, 5) ? FALSE_VALUE : 0;
  if (c == 0x73 && valueMode) {
    return expectWord(0x2928746573, 5) ? newSetWithCap(4) : 0;
  }
  if (c == 0x2d || (c >= 0x30 && c <= 0x39)) {
    const v = parseNumber(pos, end);
    if (v == 0) return 0;
    pos = numberEnd();
    return v;
  }
  return 0;
}

function parseDocument(ptr: usize, len: u32, values: bool): usize {
  pos = ptr;
  end = ptr + len;
  valueMode = values;
  depth = 0;
  const v = parseValue();
  if (v == 0) return 0;
  skipSpace();
  return pos == end ? v : 0;
}

/** Parses JSON text; returns the value or 0 on a syntax error. */
export function opa_json_parse(ptr: usize, len: u32): usize {
  return parseDocument(ptr, len, false);
}

/** Parses OPA value text (JSON plus sets); returns the value or 0. */
export function opa_value_parse(ptr: usize, len: u32): usize {
  return parseDocument(ptr, len, true);
}

/** Parses JSON from a string value's bytes (json.unmarshal). */
export function parseJsonBytes(ptr: usize, len: u32): usize {
  return parseDocument(ptr, len, false);
}
