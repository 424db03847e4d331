import { opa_malloc } from './heap';
import { writeFloat, writeInt } from './number-format';
import {
  writeByte,
  writeBytes,
  writerFinishCString,
  writerLength,
  writerBuffer,
  writerReserve,
  writerStart,
  writerUnwrite,
} from './writer';
import {
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NULL,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  NUMBER_INT,
  boolOf,
  itemsOf,
  lengthOf,
  numFloat,
  numInt,
  numKind,
  strLen,
  strPtr,
  tagOf,
} from './value';

// Two printers share one walker: JSON (compact, sets as sorted arrays,
// non-string object keys turned into their JSON text) and OPA's value form
// (Rego syntax: `[1, 2]`, `{"a": 1}`, `{1, 2}`, `set()`), which sprintf's %v
// also uses.

const HEX = memory.data<u8>([
  0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x61, 0x62, 0x63,
  0x64, 0x65, 0x66,
]);

/** Writes bytes as a JSON string literal with the escapes JSON requires. */
export function writeQuoted(p: usize, n: u32): void {
  writeByte(0x22);
  let run = p;
  const stop = p + n;
  for (let q = p; q < stop; q++) {
    const c = <u32>load<u8>(q);
    if (c >= 0x20 && c != 0x22 && c != 0x5c) continue;
    if (q > run) writeBytes(run, <u32>(q - run));
    run = q + 1;
    writeByte(0x5c);
    if (c == 0x22 || c == 0x5c) writeByte(c);
    else if (c == 0x0a) writeByte(0x6e);
    else if (c == 0x0d) writeByte(0x72);
    else if (c == 0x09) writeByte(0x74);
    else if (c == 0x08) writeByte(0x62);
    else if (c == 0x0c) writeByte(0x66);
    else {
      const o = writerReserve(5);
      store<u8>(o, 0x75);
      store<u32>(o + 1, 0x30303030);
      store<u8>(o + 3, load<u8>(HEX + (c >> 4)));
      store<u8>(o + 4, load<u8>(HEX + (c & 15)));
    }
  }
  if (stop > run) writeBytes(run, <u32>(stop - run));
  writeByte(0x22);
}

export function writeNumber(v: usize): void {
  if (numKind(v) == NUMBER_INT) writeInt(numInt(v));
  else writeFloat(numFloat(v));
}

function writeSeparator(pretty: bool): void {
  writeByte(0x2c);
  if (pretty) writeByte(0x20);
}

/** Writes v to the current writer; pretty selects OPA's value form. */
export function writeValue(v: usize, pretty: bool): void {
  switch (tagOf(v)) {
    case TYPE_NULL:
      store<u32>(writerReserve(4), 0x6c6c756e);
      return;
    case TYPE_BOOLEAN:
      if (boolOf(v)) store<u32>(writerReserve(4), 0x65757274);
      else {
        store<u32>(writerReserve(4), 0x736c6166);
        writeByte(0x65);
      }
      return;
    case TYPE_NUMBER:
      writeNumber(v);
      return;
    case TYPE_STRING:
      writeQuoted(strPtr(v), strLen(v));
      return;
    case TYPE_ARRAY:
      writeList(v, pretty, 0x5b, 0x5d);
      return;
    case TYPE_SET:
      if (pretty && lengthOf(v) == 0) {
        store<u32>(writerReserve(4), 0x28746573);
        writeByte(0x29);
        return;
      }
      if (pretty) writeList(v, pretty, 0x7b, 0x7d);
      else writeList(v, pretty, 0x5b, 0x5d);
      return;
    case TYPE_OBJECT:
      writeObject(v, pretty);
      return;
  }
}

function writeList(v: usize, pretty: bool, open: u32, close: u32): void {
  writeByte(open);
  const n = lengthOf(v);
  const items = itemsOf(v);
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) writeSeparator(pretty);
    writeValue(<usize>load<u32>(items + ((<usize>i) << 2)), pretty);
  }
  writeByte(close);
}

function writeObject(v: usize, pretty: bool): void {
  writeByte(0x7b);
  const n = lengthOf(v);
  const items = itemsOf(v);
  for (let i: u32 = 0; i < n; i++) {
    if (i > 0) writeSeparator(pretty);
    const key = <usize>load<u32>(items + ((<usize>i) << 3));
    if (pretty || tagOf(key) == TYPE_STRING) writeValue(key, pretty);
    else writeKeyAsString(key);
    writeByte(0x3a);
    if (pretty) writeByte(0x20);
    writeValue(<usize>load<u32>(items + ((<usize>i) << 3) + 4), pretty);
  }
  writeByte(0x7d);
}

// JSON keys must be strings: a non-string key is printed as JSON, then that
// text is quoted (the key 1 becomes "1", the key [1] becomes "[1]").
function writeKeyAsString(key: usize): void {
  const start = writerLength();
  writeValue(key, false);
  const n = writerLength() - start;
  const text = opa_malloc(n);
  memory.copy(text, writerBuffer() + start, n);
  writerUnwrite(n);
  writeQuoted(text, n);
}

/** Serializes a value as JSON; returns a NUL-terminated UTF-8 string. */
export function opa_json_dump(v: usize): usize {
  writerStart(256);
  writeValue(v, false);
  return writerFinishCString();
}

/** Serializes a value in OPA's value form (sets as `{...}`/`set()`). */
export function opa_value_dump(v: usize): usize {
  writerStart(256);
  writeValue(v, true);
  return writerFinishCString();
}
