import { opa_array_append, opa_object_get_str } from './collections';
import { opa_json_dump } from './json-dump';
import { parseJsonBytes } from './json-parse';
import { findBytes } from './strings';
import { writerLength } from './writer';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_OBJECT,
  TYPE_STRING,
  newString,
  opa_array_with_cap,
  opa_string,
  strLen,
  strPtr,
  tagOf,
} from './value';

// base64 (RFC 4648), JSON and JWT built-ins. Decoding errors return 0.

const STD = memory.data<u8>([
  0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d,
  0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a,
  0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b, 0x6c, 0x6d,
  0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a,
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x2b, 0x2f,
]);

function sextet(c: u32, url: bool): i32 {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 26;
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 52;
  if (c == (url ? 0x2d : 0x2b)) return 62;
  if (c == (url ? 0x5f : 0x2f)) return 63;
  return -1;
}

/**
 * Decodes base64 bytes into a new string value. With `padded`, the input
 * must be padded to a multiple of four as Go's StdEncoding requires;
 * otherwise padding is optional (RFC 7515's base64url). Returns 0 when
 * the input is not valid.
 */
export function decodeBase64(p: usize, n: u32, url: bool, padded: bool): usize {
  let len = n;
  let pad: u32 = 0;
  while (len > 0 && load<u8>(p + len - 1) == 0x3d && pad < 2) {
    len--;
    pad++;
  }
  if (padded && n % 4 != 0) return 0;
  if (pad > 0 && n % 4 != 0) return 0;
  if (len % 4 == 1) return 0;
  const out = newString((len / 4) * 3 + ((len % 4) * 3) / 4);
  let o = out + 12;
  let acc: u32 = 0;
  let bits: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    const s = sextet(load<u8>(p + i), url);
    if (s < 0) return 0;
    acc = (acc << 6) | (<u32>s);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      store<u8>(o++, <u8>(acc >> bits));
      acc &= (1 << bits) - 1;
    }
  }
  store<u32>(out, <u32>(o - out - 12), 4);
  return out;
}

export function opa_base64_decode(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  return decodeBase64(strPtr(s), strLen(s), false, true);
}

export function opa_base64url_decode(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  return decodeBase64(strPtr(s), strLen(s), true, false);
}

function encode(s: usize, url: bool, pad: bool = true): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  const p = strPtr(s);
  const n = strLen(s);
  const out = newString(((n + 2) / 3) * 4);
  let o = out + 12;
  for (let i: u32 = 0; i < n; i += 3) {
    const rest = n - i;
    const b0 = <u32>load<u8>(p + i);
    const b1 = rest > 1 ? <u32>load<u8>(p + i + 1) : 0;
    const b2 = rest > 2 ? <u32>load<u8>(p + i + 2) : 0;
    const word = (b0 << 16) | (b1 << 8) | b2;
    for (let k: u32 = 0; k < 4; k++) {
      let c: u32 = 0x3d;
      if (k <= rest) {
        c = load<u8>(STD + ((word >> (18 - k * 6)) & 63));
        if (url && c == 0x2b) c = 0x2d;
        if (url && c == 0x2f) c = 0x5f;
      } else if (!pad) break;
      store<u8>(o++, <u8>c);
    }
  }
  store<u32>(out, <u32>(o - out - 12), 4);
  return out;
}

export function opa_base64_encode(s: usize): usize {
  return encode(s, false);
}

export function opa_base64url_encode(s: usize): usize {
  return encode(s, true);
}

/** base64url.encode_no_pad(s): base64url without "=" padding. */
export function opa_base64url_encode_no_pad(s: usize): usize {
  return encode(s, true, false);
}

/** base64.is_valid(s): does s decode as padded standard base64? */
export function opa_base64_is_valid(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return FALSE_VALUE;
  return decodeBase64(strPtr(s), strLen(s), false, true) != 0
    ? TRUE_VALUE
    : FALSE_VALUE;
}

/** json.unmarshal(s): the value of JSON text, undefined when invalid. */
export function opa_json_unmarshal(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return 0;
  return parseJsonBytes(strPtr(s), strLen(s));
}

/** json.is_valid(s). */
export function opa_json_is_valid(s: usize): usize {
  if (tagOf(s) != TYPE_STRING) return FALSE_VALUE;
  return parseJsonBytes(strPtr(s), strLen(s)) != 0 ? TRUE_VALUE : FALSE_VALUE;
}

/** json.marshal(v): compact JSON text. */
export function opa_json_marshal(v: usize): usize {
  const text = opa_json_dump(v);
  return opa_string(text, writerLength() - 1);
}

const HEX = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63,
  0x64, 0x65, 0x66,
]);

function hexString(s: usize): usize {
  const n = strLen(s);
  const out = newString(n * 2);
  for (let i: u32 = 0; i < n; i++) {
    const b = <u32>load<u8>(strPtr(s) + i);
    store<u8>(out + 12 + i * 2, load<u8>(HEX + (b >> 4)));
    store<u8>(out + 13 + i * 2, load<u8>(HEX + (b & 15)));
  }
  return out;
}

const DOT = memory.data<u8>([0x2e]);

// A segment decodes to a JSON object, or to a JSON string when it is the
// payload of a nested token.
function decodeSegment(p: usize, n: u32, wantString: bool): usize {
  const bytes = decodeBase64(p, n, true, false);
  if (bytes == 0) return 0;
  const v = parseJsonBytes(strPtr(bytes), strLen(bytes));
  if (v == 0) return 0;
  return tagOf(v) == (wantString ? TYPE_STRING : TYPE_OBJECT) ? v : 0;
}

const CTY = memory.data<u8>([0x63, 0x74, 0x79]);
const JWT = memory.data<u8>([0x4a, 0x57, 0x54]);

/** Nested tokens deeper than this are errors. */
const MAX_NESTED_TOKENS: i32 = 8;

// A header saying "cty": "JWT" marks a nested token: the payload is a JSON
// string holding the inner token (RFC 7519, section 5.2).
function isNested(header: usize): bool {
  const cty = opa_object_get_str(header, CTY, 3);
  return (
    cty != 0 &&
    tagOf(cty) == TYPE_STRING &&
    strLen(cty) == 3 &&
    memory.compare(strPtr(cty), JWT, 3) == 0
  );
}

function decodeToken(token: usize, depth: i32): usize {
  if (tagOf(token) != TYPE_STRING || depth > MAX_NESTED_TOKENS) return 0;
  const p = strPtr(token);
  const n = strLen(token);
  const d1 = findBytes(p, n, DOT, 1, 0);
  if (d1 < 0) return 0;
  const d2 = findBytes(p, n, DOT, 1, <u32>d1 + 1);
  if (d2 < 0 || findBytes(p, n, DOT, 1, <u32>d2 + 1) >= 0) return 0;
  const header = decodeSegment(p, <u32>d1, false);
  if (header == 0) return 0;
  const nested = isNested(header);
  const payload = decodeSegment(p + d1 + 1, <u32>(d2 - d1 - 1), nested);
  if (payload == 0) return 0;
  if (nested) return decodeToken(payload, depth + 1);
  const sig = decodeBase64(p + d2 + 1, n - <u32>d2 - 1, true, false);
  if (sig == 0) return 0;
  const out = opa_array_with_cap(3);
  opa_array_append(out, header);
  opa_array_append(out, payload);
  opa_array_append(out, hexString(sig));
  return out;
}

/**
 * io.jwt.decode(token): [header, payload, signature as hex] of a compact
 * JWS, without verifying anything; for nested tokens, those of the
 * innermost one. Tokens that are not three base64url segments with JSON
 * object header and payload are errors, and so is JWE.
 */
export function opa_jwt_decode(token: usize): usize {
  return decodeToken(token, 0);
}
