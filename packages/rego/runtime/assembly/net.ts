import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_STRING,
  strLen,
  strPtr,
  tagOf,
} from './value';

// net.cidr_contains for IPv4 and IPv6, following Go's net package: an
// IPv4-mapped IPv6 address counts as IPv4, and an address only matches a
// network of its own family.

// Two parsed addresses: 16 bytes each, plus family (4 or 6) and prefix.
const ADDR_A = memory.data(16, 8);
const ADDR_B = memory.data(16, 8);
let family: i32 = 0;
let prefix: i32 = 0;

function parseDecimalByte(p: usize, end: usize): i32 {
  let v: i32 = 0;
  let digits = 0;
  const start = p;
  while (p < end) {
    const c = <i32>load<u8>(p);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + c - 0x30;
    digits++;
    if (v > 255 || digits > 3) return -1;
    p++;
  }
  if (digits == 0 || (digits > 1 && load<u8>(start) == 0x30)) return -1;
  parsedUpTo = p;
  return v;
}

let parsedUpTo: usize = 0;

function parseV4(p: usize, end: usize, out: usize): bool {
  for (let i = 0; i < 4; i++) {
    const b = parseDecimalByte(p, end);
    if (b < 0) return false;
    store<u8>(out + i, <u8>b);
    p = parsedUpTo;
    if (i < 3) {
      if (p >= end || load<u8>(p) != 0x2e) return false;
      p++;
    }
  }
  return p == end;
}

function hexDigit(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

function parseV6(p: usize, end: usize, out: usize): bool {
  memory.fill(out, 0, 16);
  let i = 0;
  let gap = -1;
  if (p + 1 < end && load<u8>(p) == 0x3a && load<u8>(p + 1) == 0x3a) {
    gap = 0;
    p += 2;
  }
  while (p < end && i < 16) {
    // An embedded IPv4 tail takes the last four bytes.
    let q = p;
    while (q < end && hexDigit(load<u8>(q)) >= 0) q++;
    if (q < end && load<u8>(q) == 0x2e) {
      if (i > 12 || !parseV4(p, end, out + i)) return false;
      i += 4;
      p = end;
      break;
    }
    let v = 0;
    let digits = 0;
    while (p < end && digits < 5) {
      const h = hexDigit(load<u8>(p));
      if (h < 0) break;
      v = (v << 4) | h;
      digits++;
      p++;
    }
    if (digits == 0 || digits > 4) return false;
    store<u8>(out + i, <u8>(v >> 8));
    store<u8>(out + i + 1, <u8>v);
    i += 2;
    if (p == end) break;
    if (load<u8>(p) != 0x3a) return false;
    p++;
    if (p < end && load<u8>(p) == 0x3a) {
      if (gap >= 0) return false;
      gap = i;
      p++;
    } else if (p == end) return false;
  }
  if (p != end) return false;
  if (gap < 0) return i == 16;
  if (i == 16) return false;
  const tail = i - gap;
  memory.copy(out + 16 - tail, out + gap, tail);
  memory.fill(out + gap, 0, 16 - i);
  return true;
}

function isV4Mapped(a: usize): bool {
  for (let i = 0; i < 10; i++) if (load<u8>(a + i) != 0) return false;
  return load<u8>(a + 10) == 0xff && load<u8>(a + 11) == 0xff;
}

/** Parses an address, or a CIDR when a "/" is present, into out. */
function parse(s: usize, out: usize, cidrRequired: bool): bool {
  if (tagOf(s) != TYPE_STRING) return false;
  const p = strPtr(s);
  const end = p + strLen(s);
  let slash = end;
  for (let q = p; q < end; q++) {
    if (load<u8>(q) == 0x2f) {
      slash = q;
      break;
    }
  }
  if (cidrRequired && slash == end) return false;
  let isV4 = false;
  for (let q = p; q < slash; q++) {
    if (load<u8>(q) == 0x3a) break;
    if (load<u8>(q) == 0x2e) {
      isV4 = true;
      break;
    }
  }
  if (isV4) {
    if (!parseV4(p, slash, out)) return false;
    family = 4;
  } else {
    if (!parseV6(p, slash, out)) return false;
    family = 6;
  }
  const bits = family == 4 ? 32 : 128;
  prefix = bits;
  if (slash < end) {
    let v = 0;
    let digits = 0;
    for (let q = slash + 1; q < end; q++) {
      const c = <i32>load<u8>(q);
      if (c < 0x30 || c > 0x39 || digits > 3) return false;
      v = v * 10 + c - 0x30;
      digits++;
    }
    if (digits == 0 || v > bits) return false;
    prefix = v;
  } else if (family == 6 && isV4Mapped(out)) {
    memory.copy(out, out + 12, 4);
    family = 4;
    prefix = 32;
  }
  return true;
}

function prefixEqual(a: usize, b: usize, bits: i32): bool {
  let i = 0;
  for (; bits >= 8; bits -= 8, i++) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
  }
  if (bits == 0) return true;
  const mask = u8(u32(0xff) << u32(8 - bits));
  return (load<u8>(a + i) & mask) == (load<u8>(b + i) & mask);
}

/**
 * net.cidr_contains(cidr, cidr_or_ip): is the address, or the whole
 * second network, inside the first network? Malformed input is an error.
 */
export function opa_cidr_contains(cidr: usize, other: usize): usize {
  if (!parse(cidr, ADDR_A, true)) return 0;
  const netFamily = family;
  const netPrefix = prefix;
  if (!parse(other, ADDR_B, false)) return 0;
  if (family != netFamily || prefix < netPrefix) return FALSE_VALUE;
  return prefixEqual(ADDR_A, ADDR_B, netPrefix) ? TRUE_VALUE : FALSE_VALUE;
}

/** net.cidr_is_valid(s): is s an IPv4 or IPv6 network in CIDR notation? */
export function opa_cidr_is_valid(s: usize): usize {
  return parse(s, ADDR_A, true) ? TRUE_VALUE : FALSE_VALUE;
}

/** net.cidr_intersects(a, b): do two networks share an address? */
export function opa_cidr_intersects(a: usize, b: usize): usize {
  if (!parse(a, ADDR_A, true)) return 0;
  const familyA = family;
  const prefixA = prefix;
  if (!parse(b, ADDR_B, true)) return 0;
  if (family != familyA) return FALSE_VALUE;
  const bits = prefix < prefixA ? prefix : prefixA;
  return prefixEqual(ADDR_A, ADDR_B, bits) ? TRUE_VALUE : FALSE_VALUE;
}
