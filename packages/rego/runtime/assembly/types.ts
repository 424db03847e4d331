import { parseNumber, numberEnd } from './number-parse';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_ARRAY,
  TYPE_BOOLEAN,
  TYPE_NULL,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_SET,
  TYPE_STRING,
  boolOf,
  opa_number_int,
  opa_string,
  strLen,
  strPtr,
  tagOf,
} from './value';

function isType(v: usize, t: u8): usize {
  return tagOf(v) == t ? TRUE_VALUE : FALSE_VALUE;
}

export function opa_types_is_null(v: usize): usize {
  return isType(v, TYPE_NULL);
}

export function opa_types_is_boolean(v: usize): usize {
  return isType(v, TYPE_BOOLEAN);
}

export function opa_types_is_number(v: usize): usize {
  return isType(v, TYPE_NUMBER);
}

export function opa_types_is_string(v: usize): usize {
  return isType(v, TYPE_STRING);
}

export function opa_types_is_array(v: usize): usize {
  return isType(v, TYPE_ARRAY);
}

export function opa_types_is_object(v: usize): usize {
  return isType(v, TYPE_OBJECT);
}

export function opa_types_is_set(v: usize): usize {
  return isType(v, TYPE_SET);
}

// "null", "boolean", "number", "string", "array", "object", "set" back to
// back; TYPE_NAME_AT holds each name's offset and length.
const TYPE_NAMES = memory.data<u8>([
  0x6e, 0x75, 0x6c, 0x6c, 0x62, 0x6f, 0x6f, 0x6c, 0x65, 0x61, 0x6e, 0x6e, 0x75,
  0x6d, 0x62, 0x65, 0x72, 0x73, 0x74, 0x72, 0x69, 0x6e, 0x67, 0x61, 0x72, 0x72,
  0x61, 0x79, 0x6f, 0x62, 0x6a, 0x65, 0x63, 0x74, 0x73, 0x65, 0x74,
]);
const TYPE_NAME_AT = memory.data<u8>([
  0, 4, 4, 7, 11, 6, 17, 6, 23, 5, 28, 6, 34, 3,
]);

/** type_name(x): "null", "boolean", "number", ... */
export function opa_types_name(v: usize): usize {
  const i = (<usize>(tagOf(v) - 1)) << 1;
  return opa_string(
    TYPE_NAMES + load<u8>(TYPE_NAME_AT + i),
    load<u8>(TYPE_NAME_AT + i + 1),
  );
}

/**
 * to_number(x): numbers as they are, booleans as 1/0, null as 0, strings
 * parsed as decimal numbers (an optional leading "+" is accepted, like Go's
 * ParseFloat; anything else that is not a JSON number is an error).
 */
export function opa_to_number(v: usize): usize {
  switch (tagOf(v)) {
    case TYPE_NUMBER:
      return v;
    case TYPE_BOOLEAN:
      return opa_number_int(boolOf(v) ? 1 : 0);
    case TYPE_NULL:
      return opa_number_int(0);
    case TYPE_STRING: {
      let p = strPtr(v);
      const end = p + strLen(v);
      if (p < end && load<u8>(p) == 0x2b) p++;
      // JSON forbids leading zeros, Go's parser does not: skip them.
      while (p + 1 < end && load<u8>(p) == 0x30 && isDigit(load<u8>(p + 1))) {
        p++;
      }
      const n = parseNumber(p, end);
      return n != 0 && numberEnd() == end ? n : 0;
    }
  }
  return 0;
}

function isDigit(c: u32): bool {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A number from its decimal text as written in a policy (`1e3`, `0.5`, a
 * big integer): int64 when the text is an integer that fits, else float64.
 * 0 when the text is not a number.
 */
export function opa_number_ref(ptr: usize, len: u32): usize {
  const n = parseNumber(ptr, ptr + len);
  return n != 0 && numberEnd() == ptr + len ? n : 0;
}

/** The payload of a boolean value: 1 or 0 (0 as well for non-booleans). */
export function opa_value_boolean(v: usize): i32 {
  return tagOf(v) == TYPE_BOOLEAN && boolOf(v) ? 1 : 0;
}
