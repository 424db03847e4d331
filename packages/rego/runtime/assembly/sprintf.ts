import { countRunes } from './utf8';
import { writeQuoted, writeValue } from './json-dump';
import { writeFloat, writeInt, writeUnsigned } from './number-format';
import {
  writeByte,
  writeBytes,
  writerBuffer,
  writerLength,
  writerReserve,
  writerStart,
} from './writer';
import {
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NUMBER,
  TYPE_STRING,
  NUMBER_INT,
  itemsOf,
  lengthOf,
  numAsF64,
  numFloat,
  numInt,
  numKind,
  opa_string,
  strLen,
  strPtr,
  tagOf,
} from './value';

// sprintf(format, values) for the verbs policies use: %s %v %d %f (with
// precision) %g %x %X %t %q %% and the flags "-", "0" and a width. Values
// that do not suit a verb print in Rego syntax as %v does. Differences from
// Go: %f rounds half away from zero on the scaled value, a float prints in
// %v/%g as JavaScript's shortest form, and surplus arguments are ignored.

const MISSING = memory.data<u8>([
  0x25, 0x21, 0x3f, 0x28, 0x4d, 0x49, 0x53, 0x53, 0x49, 0x4e, 0x47, 0x29,
]);
const HEX_LOWER = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63,
  0x64, 0x65, 0x66,
]);

const POW10 = memory.data<f64>([
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
  1e15, 1e16, 1e17,
]);

function writePlain(v: usize): void {
  if (tagOf(v) == TYPE_STRING) writeBytes(strPtr(v), strLen(v));
  else writeValue(v, true);
}

function writeFixed(f: f64, precision: i32): void {
  if (precision > 17) precision = 17;
  if (!isFinite(f) || Math.abs(f) >= 1e18) {
    writeFloat(f);
    return;
  }
  const neg = f < 0 || (f == 0 && 1 / f < 0);
  const scale = load<f64>(POW10 + ((<usize>precision) << 3));
  const scaled = Math.round(Math.abs(f) * scale);
  if (scaled >= 1.8e19) {
    writeFloat(f);
    return;
  }
  const total = <u64>scaled;
  const p = <u64>scale;
  if (neg && total != 0) writeByte(0x2d);
  writeUnsigned(total / p);
  if (precision == 0) return;
  writeByte(0x2e);
  const frac = total % p;
  // Left-pad the fraction with zeros to the precision.
  let digits: i32 = 1;
  for (let x = frac; x >= 10; x /= 10) digits++;
  for (let i = digits; i < precision; i++) writeByte(0x30);
  writeUnsigned(frac);
}

function writeHexBytes(p: usize, n: u32, upper: bool): void {
  for (let i: u32 = 0; i < n; i++) {
    const b = <u32>load<u8>(p + i);
    writeHexDigit(b >> 4, upper);
    writeHexDigit(b & 15, upper);
  }
}

function writeHexDigit(d: u32, upper: bool): void {
  const c = <u32>load<u8>(HEX_LOWER + d);
  writeByte(upper && c >= 0x61 ? c - 32 : c);
}

function writeHexInt(i: i64, upper: bool): void {
  let u = <u64>i;
  if (i < 0) {
    writeByte(0x2d);
    u = <u64>0 - u;
  }
  let shift = 60;
  while (shift > 0 && ((u >> shift) & 15) == 0) shift -= 4;
  for (; shift >= 0; shift -= 4) writeHexDigit(<u32>((u >> shift) & 15), upper);
}

function isWhole(v: usize): bool {
  if (numKind(v) == NUMBER_INT) return true;
  const f = numFloat(v);
  return f == Math.floor(f) && Math.abs(f) < 9.2e18;
}

function writeVerb(verb: u32, v: usize, precision: i32): void {
  const t = tagOf(v);
  if (verb == 0x64 && t == TYPE_NUMBER && isWhole(v)) {
    writeInt(numKind(v) == NUMBER_INT ? numInt(v) : <i64>numFloat(v));
  } else if (verb == 0x66 && t == TYPE_NUMBER) {
    writeFixed(numAsF64(v), precision < 0 ? 6 : precision);
  } else if ((verb == 0x78 || verb == 0x58) && t == TYPE_STRING) {
    writeHexBytes(strPtr(v), strLen(v), verb == 0x58);
  } else if ((verb == 0x78 || verb == 0x58) && t == TYPE_NUMBER && isWhole(v)) {
    writeHexInt(
      numKind(v) == NUMBER_INT ? numInt(v) : <i64>numFloat(v),
      verb == 0x58,
    );
  } else if (verb == 0x71 && t == TYPE_STRING) {
    writeQuoted(strPtr(v), strLen(v));
  } else if (verb == 0x74 && t == TYPE_BOOLEAN) {
    writeValue(v, true);
  } else {
    writePlain(v);
  }
}

// Pads the text written since `start` to `width` code points.
function pad(start: u32, width: i32, left: bool, zero: bool): void {
  const n = <i32>countRunes(writerBuffer() + start, writerLength() - start);
  if (n >= width) return;
  const fill = <u32>(width - n);
  const len = writerLength() - start;
  writerReserve(fill);
  const base = writerBuffer() + start;
  if (left) {
    memory.fill(base + len, 0x20, fill);
    return;
  }
  memory.copy(base + fill, base, len);
  let at = base;
  if (zero && len > 0 && load<u8>(base + fill) == 0x2d) {
    // Keep the sign in front of the zeros: "-0042", not "00-42".
    store<u8>(base, 0x2d);
    store<u8>(base + fill, 0x30);
    at = base + 1;
  }
  memory.fill(at, zero ? 0x30 : 0x20, fill);
}

export function opa_sprintf(format: usize, values: usize): usize {
  if (tagOf(format) != TYPE_STRING || tagOf(values) != TYPE_ARRAY) return 0;
  const p = strPtr(format);
  const n = strLen(format);
  const argc = lengthOf(values);
  let arg: u32 = 0;
  writerStart(n + 32);
  let i: u32 = 0;
  while (i < n) {
    const c = <u32>load<u8>(p + i);
    if (c != 0x25 || i + 1 >= n) {
      writeByte(c);
      i++;
      continue;
    }
    i++;
    let left = false;
    let zero = false;
    while (i < n) {
      const f = load<u8>(p + i);
      if (f == 0x2d) left = true;
      else if (f == 0x30) zero = true;
      else if (f != 0x2b && f != 0x20 && f != 0x23) break;
      i++;
    }
    let width: i32 = 0;
    while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
      width = width * 10 + (load<u8>(p + i) - 0x30);
      i++;
    }
    let precision: i32 = -1;
    if (i < n && load<u8>(p + i) == 0x2e) {
      i++;
      precision = 0;
      while (i < n && load<u8>(p + i) >= 0x30 && load<u8>(p + i) <= 0x39) {
        precision = precision * 10 + (load<u8>(p + i) - 0x30);
        i++;
      }
    }
    if (i >= n) break;
    const verb = <u32>load<u8>(p + i);
    i++;
    if (verb == 0x25) {
      writeByte(0x25);
      continue;
    }
    const start = writerLength();
    if (arg >= argc) {
      writeBytes(MISSING, 12);
      store<u8>(writerBuffer() + start + 2, <u8>verb);
    } else {
      writeVerb(
        verb,
        <usize>load<u32>(itemsOf(values) + ((<usize>arg) << 2)),
        precision,
      );
      arg++;
    }
    if (width > 0) pad(start, width, left, zero && !left);
  }
  return opa_string(writerBuffer(), writerLength());
}
