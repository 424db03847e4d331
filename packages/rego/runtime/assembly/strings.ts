import { opa_array_append } from './collections';
import { encodeUtf8 } from './json-parse';
import { countRunes, decodeRune, isSpace, runeSize } from './utf8';
import { writeBytes, writerBuffer, writerLength, writerStart } from './writer';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_SET,
  TYPE_STRING,
  itemsOf,
  lengthOf,
  newString,
  numAsF64,
  opa_array,
  opa_number_int,
  opa_string,
  strLen,
  strPtr,
  tagOf,
} from './value';

// String built-ins. Strings are UTF-8 bytes; positions in the Rego API
// (indexof, substring) count code points, as OPA does. Wrong argument types
// return 0 (undefined).

function bothStrings(a: usize, b: usize): bool {
  return tagOf(a) == TYPE_STRING && tagOf(b) == TYPE_STRING;
}

function boolValue(b: bool): usize {
  return b ? TRUE_VALUE : FALSE_VALUE;
}

/** Byte offset of needle in haystack at or after from, or -1. */
export function findBytes(
  h: usize,
  hn: u32,
  n: usize,
  nn: u32,
  from: u32,
): i32 {
  if (nn == 0) return from <= hn ? <i32>from : -1;
  if (nn > hn) return -1;
  const first = load<u8>(n);
  for (let i = from; i + nn <= hn; i++) {
    if (load<u8>(h + i) != first) continue;
    if (memory.compare(h + i, n, nn) == 0) return <i32>i;
  }
  return -1;
}

export function opa_strings_startswith(s: usize, prefix: usize): usize {
  if (!bothStrings(s, prefix)) return 0;
  const n = strLen(prefix);
  return boolValue(
    n <= strLen(s) && memory.compare(strPtr(s), strPtr(prefix), n) == 0,
  );
}

export function opa_strings_endswith(s: usize, suffix: usize): usize {
  if (!bothStrings(s, suffix)) return 0;
  const n = strLen(suffix);
  const len = strLen(s);
  return boolValue(
    n <= len && memory.compare(strPtr(s) + len - n, strPtr(suffix), n) == 0,
  );
}

export function opa_strings_contains(s: usize, sub: usize): usize {
  if (!bothStrings(s, sub)) return 0;
  return boolValue(
    findBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0) >= 0,
  );
}

// Simple case mappings for the scripts policies meet in practice: ASCII,
// Latin-1, Latin Extended-A, Greek and Cyrillic. Each maps a code point to
// one of the same UTF-8 length, so the result has the input's byte length.
function toUpperRune(c: u32): u32 {
  if (c >= 0x61 && c <= 0x7a) return c - 32;
  if (c < 0xe0) return c;
  if (c <= 0xfe && c != 0xf7) return c - 32;
  if (c == 0xff) return 0x178;
  if (c >= 0x100 && c <= 0x17f) return caseExtA(c, true);
  if (c >= 0x3b1 && c <= 0x3c9 && c != 0x3c2) return c - 32;
  if (c >= 0x430 && c <= 0x44f) return c - 32;
  if (c >= 0x450 && c <= 0x45f) return c - 80;
  return c;
}

function toLowerRune(c: u32): u32 {
  if (c >= 0x41 && c <= 0x5a) return c + 32;
  if (c < 0xc0) return c;
  if (c <= 0xde && c != 0xd7) return c + 32;
  if (c == 0x178) return 0xff;
  if (c >= 0x100 && c <= 0x17f) return caseExtA(c, false);
  if (c >= 0x391 && c <= 0x3a9 && c != 0x3a2) return c + 32;
  if (c >= 0x410 && c <= 0x42f) return c + 32;
  if (c >= 0x400 && c <= 0x40f) return c + 80;
  return c;
}

// Latin Extended-A pairs letters as (upper, lower) on even/odd code points,
// except U+0139..U+0148 and U+0179..U+017E, which pair odd/even, and a few
// letters without a simple pair.
function caseExtA(c: u32, upper: bool): u32 {
  if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17f) {
    return c;
  }
  const oddUpper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e);
  const isUpper = oddUpper ? (c & 1) == 1 : (c & 1) == 0;
  if (upper == isUpper) return c;
  return upper ? c - 1 : c + 1;
}

function mapCase(s: usize, upper: bool): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  const n = strLen(s);
  const src = strPtr(s);
  const v = newString(n);
  let o = v + 12;
  let i: u32 = 0;
  while (i < n) {
    const c = <u32>load<u8>(src + i);
    if (c < 0x80) {
      store<u8>(o++, <u8>(upper ? toUpperRune(c) : toLowerRune(c)));
      i++;
      continue;
    }
    const cp = decodeRune(src + i, src + n);
    const size = runeSize;
    const mapped = upper ? toUpperRune(cp) : toLowerRune(cp);
    if (cp == 0xfffd || mapped == cp) memory.copy(o, src + i, size);
    else encodeUtf8(o, mapped);
    o += size;
    i += size;
  }
  return v;
}

/** lower(s): simple case mapping (see README.md, limits). */
export function opa_strings_lower(s: usize): usize {
  return mapCase(s, false);
}

/** upper(s): simple case mapping (see README.md, limits). */
export function opa_strings_upper(s: usize): usize {
  return mapCase(s, true);
}

/**
 * concat(delimiter, array|set of strings). Sets join in their sorted
 * order, as OPA does.
 */
export function opa_strings_concat(delim: usize, coll: usize): usize {
  const t = tagOf(coll);
  if (tagOf(delim) != TYPE_STRING || (t != TYPE_ARRAY && t != TYPE_SET)) {
    return 0;
  }
  const n = lengthOf(coll);
  const items = itemsOf(coll);
  let total: u32 = n > 0 ? (n - 1) * strLen(delim) : 0;
  for (let i: u32 = 0; i < n; i++) {
    const s = <usize>load<u32>(items + ((<usize>i) << 2));
    if (tagOf(s) != TYPE_STRING) return 0;
    total += strLen(s);
  }
  const v = newString(total);
  let out = v + 12;
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) {
      memory.copy(out, strPtr(delim), strLen(delim));
      out += strLen(delim);
    }
    const s = <usize>load<u32>(items + ((<usize>i) << 2));
    memory.copy(out, strPtr(s), strLen(s));
    out += strLen(s);
  }
  return v;
}

/**
 * split(s, delimiter) as Go's strings.Split: an empty delimiter splits
 * into code points; the pieces are views of s (no copies).
 */
export function opa_strings_split(s: usize, delim: usize): usize {
  if (!bothStrings(s, delim)) return 0;
  const out = opa_array();
  const p = strPtr(s);
  const n = strLen(s);
  const dn = strLen(delim);
  if (dn == 0) {
    let i: u32 = 0;
    while (i < n) {
      decodeRune(p + i, p + n);
      opa_array_append(out, opa_string(p + i, runeSize));
      i += runeSize;
    }
    return out;
  }
  let start: u32 = 0;
  while (true) {
    const at = findBytes(p, n, strPtr(delim), dn, start);
    if (at < 0) break;
    opa_array_append(out, opa_string(p + start, <u32>at - start));
    start = <u32>at + dn;
  }
  opa_array_append(out, opa_string(p + start, n - start));
  return out;
}

function inCutset(cp: u32, cut: usize): bool {
  const p = strPtr(cut);
  const end = p + strLen(cut);
  let q = p;
  while (q < end) {
    if (decodeRune(q, end) == cp) return true;
    q += runeSize;
  }
  return false;
}

// Trims leading (left) and/or trailing (right) code points that are in
// the cutset, or white space when cut is 0.
function trimRunes(s: usize, cut: usize, left: bool, right: bool): usize {
  const p = strPtr(s);
  const end = p + strLen(s);
  let a = p;
  let b = end;
  if (left) {
    while (a < b) {
      const cp = decodeRune(a, b);
      if (cut == 0 ? !isSpace(cp) : !inCutset(cp, cut)) break;
      a += runeSize;
    }
  }
  if (right) {
    while (b > a) {
      let q = b - 1;
      while (q > a && (load<u8>(q) & 0xc0) == 0x80) q--;
      const cp = decodeRune(q, b);
      if (q + runeSize != b) break;
      if (cut == 0 ? !isSpace(cp) : !inCutset(cp, cut)) break;
      b = q;
    }
  }
  return opa_string(a, <u32>(b - a));
}

export function opa_strings_trim(s: usize, cut: usize): usize {
  return bothStrings(s, cut) ? trimRunes(s, cut, true, true) : 0;
}

export function opa_strings_trim_left(s: usize, cut: usize): usize {
  return bothStrings(s, cut) ? trimRunes(s, cut, true, false) : 0;
}

export function opa_strings_trim_right(s: usize, cut: usize): usize {
  return bothStrings(s, cut) ? trimRunes(s, cut, false, true) : 0;
}

export function opa_strings_trim_space(s: usize): usize {
  return tagOf(s) == TYPE_STRING ? trimRunes(s, 0, true, true) : 0;
}

export function opa_strings_trim_prefix(s: usize, prefix: usize): usize {
  if (!bothStrings(s, prefix)) return 0;
  const n = strLen(prefix);
  if (n > strLen(s) || memory.compare(strPtr(s), strPtr(prefix), n) != 0) {
    return s;
  }
  return opa_string(strPtr(s) + n, strLen(s) - n);
}

export function opa_strings_trim_suffix(s: usize, suffix: usize): usize {
  if (!bothStrings(s, suffix)) return 0;
  const n = strLen(suffix);
  const len = strLen(s);
  if (n > len || memory.compare(strPtr(s) + len - n, strPtr(suffix), n) != 0) {
    return s;
  }
  return opa_string(strPtr(s), len - n);
}

/** replace(s, old, new): every non-overlapping occurrence, left to right. */
export function opa_strings_replace(s: usize, old: usize, rep: usize): usize {
  if (!bothStrings(s, old) || tagOf(rep) != TYPE_STRING) return 0;
  const p = strPtr(s);
  const n = strLen(s);
  const on = strLen(old);
  writerStart(n + 16);
  if (on == 0) {
    // Go inserts the replacement before every code point and at the end.
    let i: u32 = 0;
    while (i < n) {
      writeBytes(strPtr(rep), strLen(rep));
      decodeRune(p + i, p + n);
      writeBytes(p + i, runeSize);
      i += runeSize;
    }
    writeBytes(strPtr(rep), strLen(rep));
  } else {
    let start: u32 = 0;
    while (true) {
      const at = findBytes(p, n, strPtr(old), on, start);
      if (at < 0) break;
      writeBytes(p + start, <u32>at - start);
      writeBytes(strPtr(rep), strLen(rep));
      start = <u32>at + on;
    }
    writeBytes(p + start, n - start);
  }
  return opa_string(writerBuffer(), writerLength());
}

/** indexof(s, sub): code point index of the first occurrence, or -1. */
export function opa_strings_indexof(s: usize, sub: usize): usize {
  if (!bothStrings(s, sub)) return 0;
  const at = findBytes(strPtr(s), strLen(s), strPtr(sub), strLen(sub), 0);
  if (at < 0) return opa_number_int(-1);
  return opa_number_int(countRunes(strPtr(s), <u32>at));
}

function runeOffset(p: usize, n: u32, runes: u32): u32 {
  let i: u32 = 0;
  while (i < n && runes > 0) {
    i++;
    while (i < n && (load<u8>(p + i) & 0xc0) == 0x80) i++;
    runes--;
  }
  return i;
}

/**
 * substring(s, start, length) in code points; a negative length means to
 * the end, a negative start is an error, a start past the end gives "".
 */
export function opa_strings_substring(
  s: usize,
  start: usize,
  len: usize,
): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  if (tagOf(start) != TYPE_NUMBER || tagOf(len) != TYPE_NUMBER) return 0;
  const st = numAsF64(start);
  const ln = numAsF64(len);
  if (st < 0 || st != Math.floor(st) || ln != Math.floor(ln)) return 0;
  const p = strPtr(s);
  const n = strLen(s);
  const a = runeOffset(p, n, <u32>Math.min(st, 4294967295));
  const b =
    ln < 0 ? n : a + runeOffset(p + a, n - a, <u32>Math.min(ln, 4294967295));
  return opa_string(p + a, b - a);
}

// Calls fn(s, x) for x the string or each string of a collection; 1 when
// some call matched, 0 when none did, -1 on a non-string.
function anyString(coll: usize, s: usize, suffix: bool): i32 {
  const t = tagOf(coll);
  if (t == TYPE_STRING) return affixMatch(s, coll, suffix) ? 1 : 0;
  if (t != TYPE_ARRAY && t != TYPE_SET) return -1;
  let hit = false;
  for (let i: u32 = 0; i < lengthOf(coll); i++) {
    const x = <usize>load<u32>(itemsOf(coll) + ((<usize>i) << 2));
    if (tagOf(x) != TYPE_STRING) return -1;
    if (!hit && affixMatch(s, x, suffix)) hit = true;
  }
  return hit ? 1 : 0;
}

function affixMatch(s: usize, affix: usize, suffix: bool): bool {
  const n = strLen(affix);
  const len = strLen(s);
  if (n > len) return false;
  const at = suffix ? strPtr(s) + len - n : strPtr(s);
  return memory.compare(at, strPtr(affix), n) == 0;
}

function anyAffix(search: usize, base: usize, suffix: bool): usize {
  const t = tagOf(search);
  if (t == TYPE_STRING) {
    const r = anyString(base, search, suffix);
    return r < 0 ? 0 : boolValue(r == 1);
  }
  if (t != TYPE_ARRAY && t != TYPE_SET) return 0;
  let hit = false;
  for (let i: u32 = 0; i < lengthOf(search); i++) {
    const s = <usize>load<u32>(itemsOf(search) + ((<usize>i) << 2));
    if (tagOf(s) != TYPE_STRING) return 0;
    const r = anyString(base, s, suffix);
    if (r < 0) return 0;
    if (r == 1) hit = true;
  }
  return boolValue(hit);
}

/** strings.any_prefix_match(search, base): string, array or set each. */
export function opa_strings_any_prefix_match(
  search: usize,
  base: usize,
): usize {
  return anyAffix(search, base, false);
}

/** strings.any_suffix_match(search, base): string, array or set each. */
export function opa_strings_any_suffix_match(
  search: usize,
  base: usize,
): usize {
  return anyAffix(search, base, true);
}

/** strings.count(s, sub): non-overlapping occurrences, as Go's Count. */
export function opa_strings_count(s: usize, sub: usize): usize {
  if (!bothStrings(s, sub)) return 0;
  const n = strLen(sub);
  if (n == 0) return opa_number_int(countRunes(strPtr(s), strLen(s)) + 1);
  let count = 0;
  let from: u32 = 0;
  while (true) {
    const at = findBytes(strPtr(s), strLen(s), strPtr(sub), n, from);
    if (at < 0) break;
    count++;
    from = <u32>at + n;
  }
  return opa_number_int(count);
}

/** indexof_n(s, sub): code point indexes of every occurrence. */
export function opa_strings_indexof_n(s: usize, sub: usize): usize {
  if (!bothStrings(s, sub)) return 0;
  const out = opa_array();
  const p = strPtr(s);
  let from: u32 = 0;
  while (true) {
    const at = findBytes(p, strLen(s), strPtr(sub), strLen(sub), from);
    if (at < 0) break;
    opa_array_append(out, opa_number_int(countRunes(p, <u32>at)));
    // Step past the code point where the match starts.
    decodeRune(p + at, p + strLen(s));
    from = <u32>at + runeSize;
    if (from > strLen(s)) break;
  }
  return out;
}

/** strings.reverse(s): the code points in reverse order. */
export function opa_strings_reverse(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  const n = strLen(s);
  const p = strPtr(s);
  const v = newString(n);
  let out = v + 12 + n;
  let i: u32 = 0;
  while (i < n) {
    decodeRune(p + i, p + n);
    out -= runeSize;
    memory.copy(out, p + i, runeSize);
    i += runeSize;
  }
  return v;
}

/**
 * crypto.hmac.equal(a, b): compares two MACs in time independent of where
 * they differ.
 */
export function opa_crypto_hmac_equal(a: usize, b: usize): usize {
  if (!bothStrings(a, b)) return 0;
  const n = strLen(a);
  if (n != strLen(b)) return FALSE_VALUE;
  let diff: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    diff |= <u32>(load<u8>(strPtr(a) + i) ^ load<u8>(strPtr(b) + i));
  }
  return boolValue(diff == 0);
}
