import { classAdd, classCount, classRanges, classStart } from './regex-class';
import {
  astAlt,
  astAnyNl,
  astCat,
  astChar,
  astClass,
  astEmpty,
  astStar,
  emitNode,
} from './regex';
import {
  NEGATED,
  OP_END,
  OP_MATCH,
  emit,
  programCode,
  programCount,
  programStart,
  programTooLarge,
} from './regex-program';
import { runProgram } from './regex-vm';
import { decodeRune, runeSize } from './utf8';
import {
  FALSE_VALUE,
  TRUE_VALUE,
  TYPE_ARRAY,
  TYPE_NULL,
  TYPE_STRING,
  itemsOf,
  lengthOf,
  strLen,
  strPtr,
  tagOf,
} from './value';

// glob.match(pattern, delimiters, match) with the syntax of the gobwas/glob
// library OPA uses: * (any run of non-delimiters), ** (any run), ? (one
// non-delimiter), [abc] [a-z] [!a-z] classes, {a,b} alternatives and \
// escapes. The pattern compiles to the regex program and must match the
// whole string.

let pos: usize = 0;
let end: usize = 0;
let failed = false;
let notDelimRanges: usize = 0;
let notDelimCount: u32 = 0;

/** Braces nested deeper than this make a pattern invalid. */
const MAX_NESTING: i32 = 200;
let nesting: i32 = 0;

function notDelimiter(): usize {
  if (notDelimCount == 0) return astAnyNl();
  return astClass(notDelimRanges, notDelimCount | NEGATED);
}

function parseClass(): usize {
  pos++;
  let neg = false;
  if (pos < end && load<u8>(pos) == 0x21) {
    neg = true;
    pos++;
  }
  classStart();
  while (pos < end && load<u8>(pos) != 0x5d) {
    const lo = decodeRune(pos, end);
    pos += runeSize;
    let hi = lo;
    if (pos + 1 < end && load<u8>(pos) == 0x2d && load<u8>(pos + 1) != 0x5d) {
      pos++;
      hi = decodeRune(pos, end);
      pos += runeSize;
      if (hi < lo) failed = true;
    }
    classAdd(lo, hi);
  }
  if (pos >= end) {
    failed = true;
    return astEmpty();
  }
  pos++;
  return astClass(classRanges(), classCount() | (neg ? NEGATED : 0));
}

function parseSequence(inBraces: bool): usize {
  let result: usize = 0;
  while (pos < end && !failed) {
    const c = <u32>load<u8>(pos);
    if (inBraces && (c == 0x2c || c == 0x7d)) break;
    let item: usize = 0;
    if (c == 0x2a) {
      pos++;
      if (pos < end && load<u8>(pos) == 0x2a) {
        pos++;
        item = astStar(astAnyNl());
      } else {
        item = astStar(notDelimiter());
      }
    } else if (c == 0x3f) {
      pos++;
      item = notDelimiter();
    } else if (c == 0x5b) {
      item = parseClass();
    } else if (c == 0x7b) {
      if (++nesting > MAX_NESTING) {
        failed = true;
        break;
      }
      pos++;
      item = parseSequence(true);
      while (pos < end && load<u8>(pos) == 0x2c) {
        pos++;
        item = astAlt(item, parseSequence(true));
      }
      nesting--;
      if (pos >= end || load<u8>(pos) != 0x7d) {
        failed = true;
        break;
      }
      pos++;
    } else {
      if (c == 0x5c) {
        pos++;
        if (pos >= end) {
          failed = true;
          break;
        }
      }
      item = astChar(decodeRune(pos, end));
      pos += runeSize;
    }
    result = astCat(result, item);
  }
  return result == 0 ? astEmpty() : result;
}

// Collects the delimiter code points: [] means the default ".", null
// means none.
function setDelimiters(delims: usize): bool {
  notDelimCount = 0;
  if (tagOf(delims) == TYPE_NULL) return true;
  if (tagOf(delims) != TYPE_ARRAY) return false;
  classStart();
  const n = lengthOf(delims);
  if (n == 0) classAdd(0x2e, 0x2e);
  for (let i: u32 = 0; i < n; i++) {
    const d = <usize>load<u32>(itemsOf(delims) + ((<usize>i) << 2));
    if (tagOf(d) != TYPE_STRING) return false;
    const p = strPtr(d);
    const e = p + strLen(d);
    let q = p;
    while (q < e) {
      const cp = decodeRune(q, e);
      classAdd(cp, cp);
      q += runeSize;
    }
  }
  notDelimRanges = classRanges();
  notDelimCount = classCount();
  return true;
}

export function opa_glob_match(
  pattern: usize,
  delims: usize,
  value: usize,
): usize {
  if (tagOf(pattern) != TYPE_STRING || tagOf(value) != TYPE_STRING) return 0;
  if (!setDelimiters(delims)) return 0;
  pos = strPtr(pattern);
  end = pos + strLen(pattern);
  failed = false;
  nesting = 0;
  const ast = parseSequence(false);
  if (failed || pos != end) return 0;
  programStart();
  emitNode(ast);
  emit(OP_END, 0, 0);
  emit(OP_MATCH, 0, 0);
  if (programTooLarge) return 0;
  const r = runProgram(
    programCode(),
    programCount(),
    strPtr(value),
    strLen(value),
    true,
  );
  if (r < 0) return 0;
  return r == 1 ? TRUE_VALUE : FALSE_VALUE;
}
